namespace Registration.Pricing;

/// <summary>A code as the registrant typed it, and what Registration knows of it (null: no such code for the conference).</summary>
public sealed record PromotionalCodeEntry(string Code, KnownPromotionalCode? Known);
