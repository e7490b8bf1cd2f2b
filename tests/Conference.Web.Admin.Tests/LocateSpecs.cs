using System.Net;

namespace Conference.Web.Admin.Tests;

public sealed class LocateSpecs(AdminSiteFactory site) : IClassFixture<AdminSiteFactory>
{
    [Fact]
    public async Task given_the_owners_email_and_access_code_in_any_case_when_the_conference_is_located_then_the_customer_is_signed_in_for_it()
    {
        var slug = Forms.UniqueSlug();
        var email = $"{slug}@contoso.com";
        using (var creator = site.CreateAdminClient())
        {
            await creator.CreateConferenceAsync(slug, email);
        }

        var code = (await site.ConferenceAsync(slug)).AccessCode;
        using var client = site.CreateAdminClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync($"/conferences/{slug}")).Status);

        var located = await client.LocateAsync(email.ToUpperInvariant(), " " + code.ToLowerInvariant() + " ");

        Assert.Equal(HttpStatusCode.Redirect, located.Status);
        Assert.Equal($"/conferences/{slug}", located.Location);
        var page = await client.FollowAsync(located);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("CQRS summit " + slug, page.ById("conference-name"));
    }

    [Theory]
    [InlineData("wrong@contoso.com", null)]
    [InlineData(null, "ZZZZZZ")]
    public async Task given_a_wrong_email_or_code_when_locating_then_one_message_says_nothing_matches_and_no_one_is_signed_in(string? email, string? code)
    {
        var slug = Forms.UniqueSlug();
        using (var creator = site.CreateAdminClient())
        {
            await creator.CreateConferenceAsync(slug, $"{slug}@contoso.com");
        }

        var conference = await site.ConferenceAsync(slug);
        using var client = site.CreateAdminClient();
        var page = await client.LocateAsync(email ?? conference.OwnerEmail, code ?? conference.AccessCode);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("No conference matches this email address and access code.", page.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync($"/conferences/{slug}")).Status);
    }

    [Fact]
    public async Task given_empty_or_malformed_fields_when_locating_then_each_says_what_to_enter()
    {
        using var client = site.CreateAdminClient();
        var empty = await client.LocateAsync(string.Empty, string.Empty);
        Assert.Contains("Enter the email address the conference was created with.", empty.Text, StringComparison.Ordinal);
        Assert.Contains("Enter the access code you received by email.", empty.Text, StringComparison.Ordinal);

        var malformed = await client.LocateAsync("nobody", new string('A', 5000));
        Assert.Equal(HttpStatusCode.OK, malformed.Status);
        Assert.Contains("Enter a valid email address.", malformed.Text, StringComparison.Ordinal);
        Assert.Contains("An access code has 6 characters.", malformed.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_a_page_of_the_conference_asked_for_before_sign_in_when_it_is_located_then_the_customer_lands_on_that_page()
    {
        var slug = Forms.UniqueSlug();
        using (var creator = site.CreateAdminClient())
        {
            await creator.CreateConferenceAsync(slug, $"{slug}@contoso.com");
        }

        var conference = await site.ConferenceAsync(slug);
        using var client = site.CreateAdminClient();
        var challenge = await client.GetAsync($"/conferences/{slug}/seats");
        var locatePage = await client.FollowAsync(challenge);
        Assert.Contains($"value=\"/conferences/{slug}/seats\"", locatePage.Html, StringComparison.Ordinal);

        var located = await client.PostAsync(
            "/conferences/locate",
            new Dictionary<string, string> { ["Email"] = conference.OwnerEmail, ["AccessCode"] = conference.AccessCode, ["ReturnUrl"] = $"/conferences/{slug}/seats" });

        Assert.Equal($"/conferences/{slug}/seats", located.Location);
    }

    [Theory]
    [InlineData("https://elsewhere.example/conferences/{0}")]
    [InlineData("//elsewhere.example/conferences/{0}")]
    [InlineData("/conferences/another-conference/seats")]
    [InlineData("/conferences/{0}-other")]
    public async Task given_a_return_address_that_is_not_a_page_of_the_located_conference_when_it_is_located_then_it_is_ignored(string returnUrl)
    {
        var slug = Forms.UniqueSlug();
        using (var creator = site.CreateAdminClient())
        {
            await creator.CreateConferenceAsync(slug, $"{slug}@contoso.com");
        }

        var conference = await site.ConferenceAsync(slug);
        using var client = site.CreateAdminClient();
        var located = await client.PostAsync(
            "/conferences/locate",
            new Dictionary<string, string>
            {
                ["Email"] = conference.OwnerEmail,
                ["AccessCode"] = conference.AccessCode,
                ["ReturnUrl"] = string.Format(System.Globalization.CultureInfo.InvariantCulture, returnUrl, slug),
            });

        Assert.Equal($"/conferences/{slug}", located.Location);
    }

    [Fact]
    public async Task given_a_located_conference_when_the_customer_signs_out_then_its_pages_ask_to_locate_again()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        await client.CreateConferenceAsync(slug);

        var signedOut = await client.PostAsync("/conferences/signout", [], tokenFrom: $"/conferences/{slug}");

        Assert.Equal(HttpStatusCode.Redirect, signedOut.Status);
        var page = await client.GetAsync($"/conferences/{slug}");
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("/conferences/locate", page.LocationPath);
    }
}

public sealed class LocateRateLimitSpecs(RateLimitedAdminSiteFactory site) : IClassFixture<RateLimitedAdminSiteFactory>
{
    [Fact]
    public async Task given_a_client_over_its_attempts_per_minute_when_it_tries_again_then_it_is_told_to_wait_even_with_the_right_code()
    {
        var slug = Forms.UniqueSlug();
        using (var creator = site.CreateAdminClient())
        {
            await creator.CreateConferenceAsync(slug, $"{slug}@contoso.com");
        }

        var conference = await site.ConferenceAsync(slug);
        using var client = site.CreateAdminClient();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.LocateAsync(conference.OwnerEmail, "AAAAAA")).Status);
        }

        var limited = await client.LocateAsync(conference.OwnerEmail, conference.AccessCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Contains("Too many attempts to locate a conference", limited.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync($"/conferences/{slug}")).Status);

        // Only the locate form is limited: the rest of the site still answers.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/conferences/locate")).Status);
    }
}
