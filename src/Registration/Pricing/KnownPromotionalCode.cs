using Registration.Contracts;

namespace Registration.Pricing;

/// <summary>A promotional code as Registration knows it from its read model: its terms, until when it is valid, and the uses left (null when unlimited).</summary>
public sealed record KnownPromotionalCode(PromotionalDiscount Discount, DateTimeOffset? ValidUntil, int? UsesLeft);
