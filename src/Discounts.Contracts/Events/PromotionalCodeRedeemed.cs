using Infrastructure.Messaging;

namespace Discounts.Contracts.Events;

/// <summary>The order was confirmed: its use of the code is consumed.</summary>
public sealed record PromotionalCodeRedeemed(Guid OrderId, int? UsesLeft) : VersionedEvent;
