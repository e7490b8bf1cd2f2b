using Registration.ReadModel;

namespace Conference.Web.Public.Models;

/// <summary>The promotional codes part of the registrant page: what was entered, each code's outcome, and an input error.</summary>
public sealed record PromotionalCodesViewModel(string ConferenceCode, Guid OrderId, IReadOnlyList<PromotionalCodeOutcome> Codes, string? Entered, string? Error)
{
    public static string Describe(PromotionalCodeOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Refusal switch
        {
            null => "applied",
            Discounts.Contracts.PromotionalCodeRefusal.Unknown => "refused: there is no such code",
            Discounts.Contracts.PromotionalCodeRefusal.Expired => "refused: the code has expired",
            Discounts.Contracts.PromotionalCodeRefusal.UsedUp => "refused: the code is used up",
            Discounts.Contracts.PromotionalCodeRefusal.DoesNotApplyToSeats => "refused: it does not apply to the seats you chose",
            Discounts.Contracts.PromotionalCodeRefusal.CannotBeCombined => "refused: it cannot be combined with the other codes",
            Discounts.Contracts.PromotionalCodeRefusal.AlreadyApplied => "refused: it is already applied",
            _ => "refused",
        };
    }
}
