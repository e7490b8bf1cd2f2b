namespace Registration.ReadModel.Implementation;

/// <summary>
/// The priced summary of an order. Like <see cref="DraftOrderView"/>, each group of fields remembers
/// the version of the event that last set it, so late or repeated events cannot undo newer ones.
/// </summary>
public sealed class PricedOrderView
{
    public Guid OrderId { get; set; }

    public Guid ConferenceId { get; set; }

    public decimal Total { get; set; }

    public bool IsFreeOfCharge { get; set; }

    public int TotalsVersion { get; set; }

    /// <summary>Until when the seats are held; null once the order is confirmed.</summary>
    public DateTimeOffset? ReservationExpirationDate { get; set; }

    public int ExpirationVersion { get; set; }

    /// <summary>Set by OrderExpired and never cleared (the row stays as a tombstone so late events cannot revive the order).</summary>
    public bool IsExpired { get; set; }

    public Guid? AssignmentsId { get; set; }

    /// <summary>The highest order event version applied.</summary>
    public int OrderVersion { get; set; }

    public int ConcurrencyStamp { get; set; }

    public List<PricedOrderLineView> Lines { get; } = [];
}
