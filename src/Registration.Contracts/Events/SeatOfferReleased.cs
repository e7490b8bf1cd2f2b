using Infrastructure.Messaging;

namespace Registration.Contracts.Events;

/// <summary>The seats of a waiting-list offer nobody took up went back to the available pool.</summary>
public sealed record SeatOfferReleased(Guid OfferId, Guid SeatType, IReadOnlyList<SeatQuantity> AvailableSeatsChanged) : VersionedEvent;
