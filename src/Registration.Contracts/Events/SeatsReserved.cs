using Infrastructure.Messaging;

namespace Registration.Contracts.Events;

/// <summary>Seats were reserved for a reservation (possibly fewer than asked); AvailableSeatsChanged is the change of availability this caused.</summary>
public sealed record SeatsReserved(Guid ReservationId, IReadOnlyList<SeatQuantity> ReservationDetails, IReadOnlyList<SeatQuantity> AvailableSeatsChanged) : VersionedEvent;
