using Discounts.Contracts;

namespace Registration.Contracts;

/// <summary>A code the registrant entered that the order does not use, and why.</summary>
public sealed record RefusedPromotionalCode(string Code, PromotionalCodeRefusal Reason);
