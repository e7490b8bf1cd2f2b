using Infrastructure.Messaging;

namespace Discounts.Contracts.Events;

/// <summary>The terms of a promotional code, as created or last changed; each carries the whole definition.</summary>
public sealed record PromotionalCodeDefined(
    Guid ConferenceId,
    string Code,
    DiscountKind Kind,
    decimal Amount,
    IReadOnlyList<Guid> SeatTypes,
    int? Quota,
    CombiningRule Combining,
    DateTimeOffset? ValidUntil) : VersionedEvent;
