using Registration.Contracts;

namespace Registration.Pricing;

/// <summary>An order priced with its promotional codes: the codes it uses, in the order entered, and those it refused.</summary>
public sealed record DiscountedOrder(OrderTotal Totals, IReadOnlyList<PromotionalDiscount> Accepted, IReadOnlyList<RefusedPromotionalCode> Refused);
