using Infrastructure.Messaging;

namespace Registration.Contracts.Events;

/// <summary>The seats of a reservation went back to the available pool.</summary>
public sealed record SeatsReservationCancelled(Guid ReservationId, IReadOnlyList<SeatQuantity> AvailableSeatsChanged) : VersionedEvent;
