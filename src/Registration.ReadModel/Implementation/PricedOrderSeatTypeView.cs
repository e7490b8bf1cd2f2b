namespace Registration.ReadModel.Implementation;

/// <summary>
/// The priced-order generator's own copy of seat type names (from SeatCreated/SeatUpdated), so it
/// never reads the conference view, which another generator changes at its own pace.
/// </summary>
public sealed class PricedOrderSeatTypeView
{
    public Guid SeatTypeId { get; set; }

    public Guid ConferenceId { get; set; }

    public required string Name { get; set; }

    public required string Description { get; set; }

    /// <summary>The conference version of the event that last set this row.</summary>
    public int Version { get; set; }
}
