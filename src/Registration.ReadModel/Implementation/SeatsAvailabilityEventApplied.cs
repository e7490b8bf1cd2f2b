namespace Registration.ReadModel.Implementation;

/// <summary>
/// One SeatsAvailability event already added to the available quantities. The read model does not
/// receive every event of that stream (SeatsReservationCommitted changes nothing it shows), so a single
/// "last version" cannot tell a gap from a loss; the availability deltas add up in any order, and this
/// row makes each one count exactly once.
/// </summary>
public sealed class SeatsAvailabilityEventApplied
{
    public Guid ConferenceId { get; set; }

    public int Version { get; set; }
}
