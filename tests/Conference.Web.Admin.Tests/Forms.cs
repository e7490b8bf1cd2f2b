using System.Net;

namespace Conference.Web.Admin.Tests;

/// <summary>Valid form fields and the steps every specification starts from.</summary>
public static class Forms
{
    public static string UniqueSlug(string prefix = "conf") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)];

    public static Dictionary<string, string> Conference(string slug, string email = "owner@contoso.com") => new()
    {
        ["OwnerName"] = "William Flash",
        ["OwnerEmail"] = email,
        ["ConfirmEmail"] = email,
        ["Name"] = "CQRS summit " + slug,
        ["Slug"] = slug,
        ["Description"] = "Talks about CQRS and event sourcing.",
        ["Location"] = "Redmond",
        ["Tagline"] = "Commands and queries",
        ["TwitterSearch"] = "#cqrs",
        ["StartDate"] = "2027-05-02",
        ["EndDate"] = "2027-05-12",
    };

    public static Dictionary<string, string> Details(string slug) =>
        Conference(slug).Where(f => !f.Key.Contains("Email", StringComparison.Ordinal) && f.Key != "OwnerName").ToDictionary();

    public static Dictionary<string, string> SeatType(string name = "General admission", string price = "199", string quota = "100") => new()
    {
        ["Name"] = name,
        ["Description"] = name + " to every talk",
        ["Price"] = price,
        ["Quantity"] = quota,
    };

    /// <summary>Creates a conference through the form (which signs the client in for it) and returns its access code.</summary>
    public static async Task<string> CreateConferenceAsync(this AdminClient client, string slug, string email = "owner@contoso.com")
    {
        var created = await client.PostAsync("/conferences/create", Conference(slug, email));
        Assert.Equal(HttpStatusCode.Redirect, created.Status);
        Assert.Equal($"/conferences/{slug}", created.Location);
        var page = await client.FollowAsync(created);
        return page.ById("access-code") ?? throw new InvalidOperationException("No access code on " + page.Text);
    }

    public static Task<Page> LocateAsync(this AdminClient client, string email, string accessCode) =>
        client.PostAsync("/conferences/locate", new Dictionary<string, string> { ["Email"] = email, ["AccessCode"] = accessCode });
}
