using Infrastructure.Messaging;

namespace Registration.Contracts.Events;

/// <summary>Fewer seats than asked could be reserved; the order now holds only these.</summary>
public sealed record OrderPartiallyReserved(DateTimeOffset ReservationExpiration, IReadOnlyList<SeatQuantity> Seats) : VersionedEvent;
