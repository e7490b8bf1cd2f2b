using Discounts.Contracts;

namespace Registration.ReadModel;

/// <summary>A conference's promotional code for the management site's list.</summary>
public sealed record PromotionalCodeSummary(
    Guid Id,
    string Code,
    DiscountKind Kind,
    decimal Amount,
    IReadOnlyList<Guid> SeatTypes,
    int? Quota,
    int? UsesLeft,
    CombiningRule Combining,
    DateTimeOffset? ValidUntil);
