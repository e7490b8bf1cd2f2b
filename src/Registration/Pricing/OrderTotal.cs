using Registration.Contracts;

namespace Registration.Pricing;

/// <summary>The priced lines of an order and their sum.</summary>
public sealed record OrderTotal(decimal Total, IReadOnlyList<OrderLine> Lines)
{
    public bool IsFreeOfCharge => Total == 0m;
}
