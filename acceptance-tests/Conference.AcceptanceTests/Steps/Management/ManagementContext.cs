namespace Conference.AcceptanceTests.Steps.Management;

/// <summary>A conference a scenario created through the management site, by the name the scenario gave it.</summary>
public sealed class ManagedConference(string name, string slug, string ownerEmail, string accessCode)
{
    public string Name { get; } = name;

    /// <summary>The slug actually used: the scenario's slug with a suffix, so every scenario has conferences of its own.</summary>
    public string Slug { get; } = slug;

    public string OwnerEmail { get; } = ownerEmail;

    /// <summary>As the management site showed it after creating the conference.</summary>
    public string AccessCode { get; } = accessCode;
}

/// <summary>
/// The conferences of one scenario, shared by every binding class that asks for it (public-site
/// steps find a conference's real slug here by the name the scenario used).
/// </summary>
public sealed class ManagementContext
{
    private readonly Dictionary<string, ManagedConference> conferences = new(StringComparer.Ordinal);
    private ManagedConference? current;

    /// <summary>The conference the last step created or located: "the conference" in later steps.</summary>
    public ManagedConference Current => current ?? throw new InvalidOperationException("No conference has been created or located in this scenario yet.");

    public IReadOnlyCollection<ManagedConference> Conferences => conferences.Values;

    public ManagedConference this[string name] =>
        conferences.TryGetValue(name, out var conference)
            ? conference
            : throw new InvalidOperationException($"The scenario has not created a conference named \"{name}\" (it has: {string.Join(", ", conferences.Keys)}).");

    public void Add(ManagedConference conference)
    {
        ArgumentNullException.ThrowIfNull(conference);
        conferences[conference.Name] = conference;
        current = conference;
    }

    public void MakeCurrent(string name) => current = this[name];
}
