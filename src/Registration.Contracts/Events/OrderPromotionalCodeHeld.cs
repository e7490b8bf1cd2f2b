using Infrastructure.Messaging;

namespace Registration.Contracts.Events;

/// <summary>A use of a limited code accepted by the order is held for it by Discounts.</summary>
public sealed record OrderPromotionalCodeHeld(Guid PromotionalCodeId) : VersionedEvent;
