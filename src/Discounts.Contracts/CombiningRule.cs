namespace Discounts.Contracts;

/// <summary>Which other codes a promotional code can be used with on one order.</summary>
public enum CombiningRule
{
    /// <summary>Shown as "—": combines with other such codes and with cumulative ones.</summary>
    None,

    /// <summary>Combines with any other code.</summary>
    Cumulative,

    /// <summary>Combines only with cumulative codes.</summary>
    Exclusive,
}
