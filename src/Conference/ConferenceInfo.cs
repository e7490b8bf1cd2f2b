namespace Conference;

/// <summary>
/// A conference as its business customer manages it (a CRUD entity, not an event-sourced aggregate).
/// Only <see cref="ConferenceService"/> changes it, so that every change bumps <see cref="Version"/>
/// and records the matching integration event in the outbox.
/// </summary>
public sealed class ConferenceInfo
{
    public const int NameMaxLength = 200;
    public const int LocationMaxLength = 200;
    public const int TaglineMaxLength = 250;
    public const int TwitterSearchMaxLength = 250;
    public const int SlugMaxLength = 64;
    public const int OwnerNameMaxLength = 200;
    public const int OwnerEmailMaxLength = 254;

    public Guid Id { get; internal set; }

    public string Name { get; internal set; } = string.Empty;

    public string Description { get; internal set; } = string.Empty;

    public string Location { get; internal set; } = string.Empty;

    public string? Tagline { get; internal set; }

    public string? TwitterSearch { get; internal set; }

    /// <summary>Stored in UTC.</summary>
    public DateTimeOffset StartDate { get; internal set; }

    /// <summary>Stored in UTC; never before <see cref="StartDate"/>.</summary>
    public DateTimeOffset EndDate { get; internal set; }

    /// <summary>The conference's part of public URLs; lower case and unique.</summary>
    public string Slug { get; internal set; } = string.Empty;

    /// <summary>With <see cref="OwnerEmail"/>, lets the business customer find the conference again (<see cref="ConferenceAccessCode"/>).</summary>
    public string AccessCode { get; internal set; } = string.Empty;

    public string OwnerName { get; internal set; } = string.Empty;

    public string OwnerEmail { get; internal set; } = string.Empty;

    public bool IsPublished { get; internal set; }

    /// <summary>Once set, the conference and its seat types can no longer be deleted.</summary>
    public bool WasEverPublished { get; internal set; }

    /// <summary>
    /// Per-conference sequence: the Version of this conference's latest integration event (seat-type
    /// events included), and the optimistic-concurrency token of the row.
    /// </summary>
    public int Version { get; internal set; }

    public ConferenceDetails Details => new(Name, Description, Location, Tagline, TwitterSearch, Slug, StartDate, EndDate);
}
