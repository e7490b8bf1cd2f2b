namespace Registration.Pricing;

/// <summary>
/// The promotional codes of a conference, read from Registration's read model (fed by the Discounts
/// events): pricing never calls Discounts, so Registration stays autonomous.
/// </summary>
public interface IPromotionalCodeSource
{
    /// <summary>The code of the conference, whatever its case; null when there is none.</summary>
    Task<KnownPromotionalCode?> FindAsync(Guid conferenceId, string code, CancellationToken cancellationToken);
}
