using System.Net;

namespace Conference.Web.Admin.Tests;

/// <summary>A business customer sees and changes only the conference they located, whatever URL they type.</summary>
public sealed class AuthorizationSpecs(AdminSiteFactory site) : IClassFixture<AdminSiteFactory>
{
    public static TheoryData<string> PagesOf => new()
    {
        "/conferences/{0}",
        "/conferences/{0}/edit",
        "/conferences/{0}/seats",
        "/conferences/{0}/seats/create",
        "/conferences/{0}/seats/{1}/edit",
        "/conferences/{0}/orders",
    };

    [Theory]
    [MemberData(nameof(PagesOf))]
    public async Task given_no_sign_in_when_a_page_of_a_conference_is_opened_then_the_locate_page_is_asked_for_and_nothing_is_shown(string template)
    {
        var (slug, seat) = await CreateWithSeatAsync("B");
        using var stranger = site.CreateAdminClient();

        var page = await stranger.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, slug, seat));

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("/conferences/locate", page.LocationPath);
        Assert.Empty(page.Html);
    }

    [Theory]
    [MemberData(nameof(PagesOf))]
    public async Task given_a_customer_signed_in_for_A_when_a_page_of_B_is_opened_by_its_url_then_access_is_denied_without_any_of_B(string template)
    {
        var (slugA, _) = await CreateWithSeatAsync("A");
        var (slugB, seatB) = await CreateWithSeatAsync("B");
        using var customerOfA = await LocateAsync(slugA);

        var page = await customerOfA.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, slugB, seatB));

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("/conferences/denied", page.LocationPath);
        var denied = await customerOfA.FollowAsync(page);
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        Assert.Contains("You are not signed in for this conference.", denied.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("CQRS summit " + slugB, denied.Text, StringComparison.Ordinal);
        Assert.DoesNotContain((await site.ConferenceAsync(slugB)).AccessCode, denied.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_a_customer_signed_in_for_A_when_they_post_changes_to_B_then_B_does_not_change()
    {
        var (slugA, seatA) = await CreateWithSeatAsync("A");
        var (slugB, seatB) = await CreateWithSeatAsync("B");
        using var customerOfA = await LocateAsync(slugA);
        var tokenPage = $"/conferences/{slugA}";

        var attempts = new (string Path, Dictionary<string, string> Form)[]
        {
            ($"/conferences/{slugB}/publish", []),
            ($"/conferences/{slugB}/edit", Forms.Details(slugB).Select(f => f.Key == "Name" ? new KeyValuePair<string, string>(f.Key, "Hijacked") : f).ToDictionary()),
            ($"/conferences/{slugB}/seats/create", Forms.SeatType("Hijacked seat")),
            ($"/conferences/{slugB}/seats/{seatB}/edit", Forms.SeatType("Hijacked seat", "1", "1")),
            ($"/conferences/{slugB}/seats/{seatB}/delete", []),
        };
        foreach (var (path, form) in attempts)
        {
            var answer = await customerOfA.PostAsync(path, form, tokenFrom: tokenPage);
            Assert.Equal("/conferences/denied", answer.LocationPath);
        }

        var b = await site.ConferenceAsync(slugB);
        Assert.False(b.IsPublished);
        Assert.Equal("CQRS summit " + slugB, b.Name);
        var seats = await site.WithConferencesAsync(s => s.FindSeatTypesAsync(b.Id, default));
        Assert.Equal([("General admission", 100)], seats.Select(s => (s.Name, s.Quantity)));

        // B's seat type through A's address: A's pages never reach another conference's seat types.
        Assert.Equal(HttpStatusCode.NotFound, (await customerOfA.GetAsync($"/conferences/{slugA}/seats/{seatB}/edit")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await customerOfA.PostAsync($"/conferences/{slugA}/seats/{seatB}/edit", Forms.SeatType("Hijacked seat"), tokenFrom: tokenPage)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await customerOfA.PostAsync($"/conferences/{slugA}/seats/{seatB}/delete", [], tokenFrom: tokenPage)).Status);
        Assert.Equal("General admission", Assert.Single(await site.WithConferencesAsync(s => s.FindSeatTypesAsync(b.Id, default))).Name);
        Assert.NotEqual(seatA, seatB);
    }

    [Fact]
    public async Task given_a_customer_of_A_who_locates_B_when_they_open_A_then_the_cookie_is_now_for_B_only()
    {
        var (slugA, _) = await CreateWithSeatAsync("A");
        var (slugB, _) = await CreateWithSeatAsync("B");
        using var client = await LocateAsync(slugA);
        var b = await site.ConferenceAsync(slugB);

        Assert.Equal(HttpStatusCode.Redirect, (await client.LocateAsync(b.OwnerEmail, b.AccessCode)).Status);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/conferences/{slugB}")).Status);
        Assert.Equal("/conferences/denied", (await client.GetAsync($"/conferences/{slugA}")).LocationPath);
    }

    [Theory]
    [InlineData("no-such-conference")]
    [InlineData("%E2%80%8B%01")]
    [InlineData("..%2F..%2Fetc")]
    [InlineData("a'%20OR%201=1")]
    public async Task given_a_signed_in_customer_when_a_garbage_or_unknown_slug_is_opened_then_access_is_denied_not_an_error(string slug)
    {
        var (slugA, _) = await CreateWithSeatAsync("A");
        using var client = await LocateAsync(slugA);

        var page = await client.GetAsync($"/conferences/{slug}");

        Assert.Equal("/conferences/denied", page.LocationPath);
        var longSlug = await client.GetAsync("/conferences/" + new string('x', 5000) + "/seats");
        Assert.Equal("/conferences/denied", longSlug.LocationPath);
    }

    private async Task<(string Slug, Guid Seat)> CreateWithSeatAsync(string name)
    {
        var slug = Forms.UniqueSlug(name.ToLowerInvariant());
        using var owner = site.CreateAdminClient();
        await owner.CreateConferenceAsync(slug, $"{slug}@contoso.com");
        await owner.PostAsync($"/conferences/{slug}/seats/create", Forms.SeatType());
        var conference = await site.ConferenceAsync(slug);
        return (slug, (await site.WithConferencesAsync(s => s.FindSeatTypesAsync(conference.Id, default))).Single().Id);
    }

    private async Task<AdminClient> LocateAsync(string slug)
    {
        var conference = await site.ConferenceAsync(slug);
        var client = site.CreateAdminClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.LocateAsync(conference.OwnerEmail, conference.AccessCode)).Status);
        return client;
    }
}
