using Discounts.Contracts;

namespace Registration.Contracts;

/// <summary>
/// The terms of a promotional code as Registration prices them: <paramref name="SeatTypes"/> empty
/// means every seat type of the order.
/// </summary>
public sealed record PromotionalDiscount(Guid PromotionalCodeId, string Code, DiscountKind Kind, decimal Amount, IReadOnlyList<Guid> SeatTypes, CombiningRule Combining, int? Quota);
