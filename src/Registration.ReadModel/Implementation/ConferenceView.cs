namespace Registration.ReadModel.Implementation;

/// <summary>A conference as Registration knows it from Conference Management's integration events.</summary>
public sealed class ConferenceView
{
    public Guid Id { get; set; }

    /// <summary>The slug the public site uses in its URLs.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public required string Description { get; set; }

    public required string Location { get; set; }

    public string? Tagline { get; set; }

    public string? TwitterSearch { get; set; }

    public DateTimeOffset StartDate { get; set; }

    public DateTimeOffset EndDate { get; set; }

    public bool IsPublished { get; set; }

    public bool WasEverPublished { get; set; }

    /// <summary>The last Conference Management event applied (they are applied strictly in order); the concurrency token.</summary>
    public int Version { get; set; }

    /// <summary>The highest SeatsAvailability event version applied (applied versions are kept one by one, see <see cref="SeatsAvailabilityEventApplied"/>).</summary>
    public int SeatsAvailabilityVersion { get; set; }

    public List<SeatTypeView> SeatTypes { get; } = [];
}
