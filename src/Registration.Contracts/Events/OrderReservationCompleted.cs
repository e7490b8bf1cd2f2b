using Infrastructure.Messaging;

namespace Registration.Contracts.Events;

/// <summary>Every seat asked for was reserved.</summary>
public sealed record OrderReservationCompleted(DateTimeOffset ReservationExpiration, IReadOnlyList<SeatQuantity> Seats) : VersionedEvent;
