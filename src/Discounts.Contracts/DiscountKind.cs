namespace Discounts.Contracts;

/// <summary>How a promotional code takes money off an order.</summary>
public enum DiscountKind
{
    /// <summary>A percentage of the lines of the seat types the code applies to.</summary>
    Percentage,

    /// <summary>A fixed amount off the order's total (never below zero).</summary>
    AmountOffOrder,
}
