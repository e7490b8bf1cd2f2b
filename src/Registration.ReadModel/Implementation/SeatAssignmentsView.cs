namespace Registration.ReadModel.Implementation;

/// <summary>
/// The state behind the seat-assignments document in blob storage. Blob storage has no conditional
/// writes, so the state lives here under optimistic concurrency and the document is rendered from it.
/// </summary>
public sealed class SeatAssignmentsView
{
    public Guid Id { get; set; }

    public Guid OrderId { get; set; }

    /// <summary>The highest seat-assignments event version applied.</summary>
    public int Version { get; set; }

    /// <summary>Bumped by every change; the concurrency token, and how a rendering knows it is still current.</summary>
    public int Revision { get; set; }

    public List<SeatAssignmentView> Seats { get; } = [];
}
