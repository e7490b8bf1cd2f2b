namespace Discounts.Contracts;

/// <summary>Why a code the registrant entered was not applied to the order.</summary>
public enum PromotionalCodeRefusal
{
    Unknown,
    Expired,
    UsedUp,
    DoesNotApplyToSeats,
    CannotBeCombined,
    AlreadyApplied,
}
