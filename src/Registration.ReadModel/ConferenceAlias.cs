namespace Registration.ReadModel;

/// <summary>The few fields every public page needs to name a conference.</summary>
public sealed record ConferenceAlias(Guid Id, string Code, string Name, string? Tagline, bool IsPublished);
