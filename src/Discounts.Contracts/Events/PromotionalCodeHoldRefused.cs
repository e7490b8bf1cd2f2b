using Infrastructure.Messaging;

namespace Discounts.Contracts.Events;

/// <summary>The order asked for a use of the code and got none (used up or expired).</summary>
public sealed record PromotionalCodeHoldRefused(Guid OrderId, PromotionalCodeRefusal Reason) : VersionedEvent;
