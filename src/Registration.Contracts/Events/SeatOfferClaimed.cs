using Infrastructure.Messaging;

namespace Registration.Contracts.Events;

/// <summary>An order reserved the seats of a waiting-list offer (its reservation id is the offer id): they are the order's now.</summary>
public sealed record SeatOfferClaimed(Guid OfferId, Guid SeatType) : VersionedEvent;
