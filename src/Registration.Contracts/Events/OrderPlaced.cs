using Infrastructure.Messaging;

namespace Registration.Contracts.Events;

/// <summary>An order was placed; its seats are held until ReservationAutoExpiration. AccessCode lets the registrant find it again.</summary>
public sealed record OrderPlaced(Guid ConferenceId, IReadOnlyList<SeatQuantity> Seats, DateTimeOffset ReservationAutoExpiration, string AccessCode) : VersionedEvent;
