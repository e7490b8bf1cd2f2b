using Infrastructure.Messaging;

namespace Registration.Contracts.Events;

/// <summary>
/// The codes the order now uses, in the order entered, and those it refused; <paramref name="Withdrawn"/>
/// are the codes it used until now and no longer does. A limited code is used by the order until
/// <paramref name="HoldUntil"/>, when its reservation is released.
/// </summary>
public sealed record OrderPromotionalCodesApplied(
    IReadOnlyList<PromotionalDiscount> Accepted,
    IReadOnlyList<RefusedPromotionalCode> Refused,
    IReadOnlyList<Guid> Withdrawn,
    DateTimeOffset HoldUntil) : VersionedEvent;
