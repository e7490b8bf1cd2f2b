namespace Registration.ReadModel;

/// <summary>
/// The priced order. <see cref="ReservationExpirationDate"/> is null once the order is confirmed;
/// <see cref="IsExpired"/> is set when its reservation ran out or it was rejected.
/// </summary>
public sealed record PricedOrder(
    Guid OrderId,
    Guid ConferenceId,
    IReadOnlyList<PricedOrderLine> Lines,
    decimal Total,
    bool IsFreeOfCharge,
    DateTimeOffset? ReservationExpirationDate,
    bool IsExpired,
    Guid? AssignmentsId,
    int OrderVersion);
