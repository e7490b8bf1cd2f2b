namespace Registration.ReadModel;

/// <summary>The codes entered for an order, in order, as of the order's event <paramref name="Version"/>.</summary>
public sealed record OrderPromotionalCodes(IReadOnlyList<PromotionalCodeOutcome> Codes, int Version);
