namespace Registration.ReadModel;

/// <summary>What the public site shows about a conference; <see cref="IsPublished"/> lets it show a clear page for hidden ones.</summary>
public sealed record ConferenceDetails(
    Guid Id,
    string Code,
    string Name,
    string Description,
    string Location,
    string? Tagline,
    string? TwitterSearch,
    DateTimeOffset StartDate,
    DateTimeOffset EndDate,
    bool IsPublished);
