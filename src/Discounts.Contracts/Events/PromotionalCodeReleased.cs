using Infrastructure.Messaging;

namespace Discounts.Contracts.Events;

/// <summary>The use held by the order is free again.</summary>
public sealed record PromotionalCodeReleased(Guid OrderId, int? UsesLeft) : VersionedEvent;
