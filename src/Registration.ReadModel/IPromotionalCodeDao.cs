namespace Registration.ReadModel;

/// <summary>The promotional codes of the read model: what an order's codes came to, and a conference's codes.</summary>
public interface IPromotionalCodeDao
{
    /// <summary>The codes entered for the order; null when none ever were.</summary>
    Task<OrderPromotionalCodes?> FindOrderPromotionalCodesAsync(Guid orderId, CancellationToken cancellationToken);

    Task<IReadOnlyList<PromotionalCodeSummary>> GetPromotionalCodesAsync(Guid conferenceId, CancellationToken cancellationToken);

    Task<PromotionalCodeSummary?> FindPromotionalCodeAsync(Guid conferenceId, string code, CancellationToken cancellationToken);
}
