namespace Registration.ReadModel;

/// <summary>Queries of the order read models for the public site.</summary>
public interface IOrderDao
{
    Task<DraftOrder?> FindDraftOrderAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>The order whose registrant email and access code both match (email case ignored); null otherwise.</summary>
    Task<Guid?> LocateOrderAsync(string email, string accessCode, CancellationToken cancellationToken);

    Task<PricedOrder?> FindPricedOrderAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>The seat-assignments document (blob storage) of <paramref name="assignmentsId"/>; null if not written yet.</summary>
    Task<OrderSeats?> FindOrderSeatsAsync(Guid assignmentsId, CancellationToken cancellationToken);
}
