namespace WaitingList;

/// <summary>Settings of the WaitingList context.</summary>
public sealed record WaitingListOptions
{
    /// <summary>How long the seats of an offer are held for the registrant before they pass to the next in line.</summary>
    public TimeSpan OfferWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The public site's address, which the emails link to.</summary>
    public string PublicSiteUrl { get; init; } = "http://localhost:5080";
}
