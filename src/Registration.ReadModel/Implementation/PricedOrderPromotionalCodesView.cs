namespace Registration.ReadModel.Implementation;

/// <summary>The codes an order uses and those it refused, as the last OrderPromotionalCodesApplied said.</summary>
public sealed class PricedOrderPromotionalCodesView
{
    public Guid OrderId { get; set; }

    /// <summary>The <see cref="PromotionalCodeOutcome"/>s as JSON, in the order the codes were entered.</summary>
    public string Codes { get; set; } = "[]";

    public int Version { get; set; }
}
