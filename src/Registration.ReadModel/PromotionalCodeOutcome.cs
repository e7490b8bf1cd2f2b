using Discounts.Contracts;

namespace Registration.ReadModel;

/// <summary>A code the registrant entered for an order: used (<paramref name="Refusal"/> null) or refused, and why.</summary>
public sealed record PromotionalCodeOutcome(string Code, PromotionalCodeRefusal? Refusal);
