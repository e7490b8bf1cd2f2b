using Infrastructure.Messaging;

namespace Registration.Contracts.Events;

/// <summary>
/// Seats held for a waiting-list offer (<see cref="Quantity"/> may be fewer than asked, or zero);
/// AvailableSeatsChanged is the change of availability this caused.
/// </summary>
public sealed record SeatsOffered(Guid OfferId, Guid SeatType, int Quantity, IReadOnlyList<SeatQuantity> AvailableSeatsChanged) : VersionedEvent;
