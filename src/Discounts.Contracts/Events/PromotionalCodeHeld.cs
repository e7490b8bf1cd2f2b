using Infrastructure.Messaging;

namespace Discounts.Contracts.Events;

/// <summary>One use of the code is held for the order until <paramref name="Until"/>; <paramref name="UsesLeft"/> is null for an unlimited code.</summary>
public sealed record PromotionalCodeHeld(Guid OrderId, DateTimeOffset Until, int? UsesLeft) : VersionedEvent;
