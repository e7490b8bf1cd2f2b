namespace Conference;

/// <summary>What a business customer enters to create or edit a conference.</summary>
public sealed record ConferenceDetails(
    string Name,
    string Description,
    string Location,
    string? Tagline,
    string? TwitterSearch,
    string Slug,
    DateTimeOffset StartDate,
    DateTimeOffset EndDate);
