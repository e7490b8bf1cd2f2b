using System.Net;

namespace Conference.Web.Admin.Tests;

public sealed class ConferencePageSpecs(AdminSiteFactory site) : IClassFixture<AdminSiteFactory>
{
    [Fact]
    public async Task given_a_located_conference_when_its_details_are_edited_then_the_page_shows_them_and_ConferenceUpdated_is_published()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        await client.CreateConferenceAsync(slug);
        var form = Forms.Details(slug);
        form["Description"] = "CQRS summit 2012 conference (Updated)";
        form["Location"] = "Seattle";

        var saved = await client.PostAsync($"/conferences/{slug}/edit", form);

        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var page = await client.FollowAsync(saved);
        Assert.Equal("CQRS summit 2012 conference (Updated)", page.ById("detail-description"));
        Assert.Equal("Seattle", page.ById("detail-location"));
        Assert.Contains("The conference's details were saved.", page.Text, StringComparison.Ordinal);
        var conference = await site.ConferenceAsync(slug);
        var updated = await site.EventuallyPublishedAsync("ConferenceUpdated", conference.Id);
        Assert.Contains("Seattle", updated, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_empty_optional_fields_when_the_details_are_saved_then_the_page_shows_no_blank_rows_for_them()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        await client.CreateConferenceAsync(slug);
        var form = Forms.Details(slug);
        form["Tagline"] = string.Empty;
        form["TwitterSearch"] = string.Empty;

        var page = await client.FollowAsync(await client.PostAsync($"/conferences/{slug}/edit", form));

        Assert.Null(page.ById("detail-tagline"));
        Assert.Null(page.ById("detail-twitter-search"));
        Assert.DoesNotContain("Twitter search", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Tagline", page.Text, StringComparison.Ordinal);
        Assert.Equal(slug, page.ById("detail-slug"));
    }

    [Fact]
    public async Task given_filled_optional_fields_when_the_details_are_shown_then_each_has_its_row()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        await client.CreateConferenceAsync(slug);

        var page = await client.FollowAsync(await client.PostAsync($"/conferences/{slug}/edit", Forms.Details(slug)));

        Assert.Equal("Commands and queries", page.ById("detail-tagline"));
        Assert.Equal("#cqrs", page.ById("detail-twitter-search"));
    }

    [Fact]
    public async Task given_a_new_slug_when_the_details_are_saved_then_the_customer_follows_the_conference_to_its_new_address()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        await client.CreateConferenceAsync(slug);
        var renamed = Forms.UniqueSlug("renamed");
        var form = Forms.Details(slug);
        form["Slug"] = renamed;

        var saved = await client.PostAsync($"/conferences/{slug}/edit", form);

        Assert.Equal($"/conferences/{renamed}", saved.Location);
        Assert.Equal(HttpStatusCode.OK, (await client.FollowAsync(saved)).Status);
        Assert.Equal("/conferences/denied", (await client.GetAsync($"/conferences/{slug}")).LocationPath);
    }

    [Fact]
    public async Task given_bad_details_when_the_edit_is_saved_then_the_form_says_why_and_the_conference_keeps_its_details()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        var taken = Forms.UniqueSlug("taken");
        await client.CreateConferenceAsync(taken);
        await client.CreateConferenceAsync(slug);

        var form = Forms.Details(slug);
        form["EndDate"] = "2000-01-01";
        var badDates = await client.PostAsync($"/conferences/{slug}/edit", form);
        Assert.Equal(HttpStatusCode.OK, badDates.Status);
        Assert.Contains("The end date cannot be before the start date.", badDates.Text, StringComparison.Ordinal);

        form = Forms.Details(slug);
        form["Slug"] = taken;
        var duplicate = await client.PostAsync($"/conferences/{slug}/edit", form);
        Assert.Equal(HttpStatusCode.OK, duplicate.Status);
        Assert.Contains($"The slug '{taken}' is already used by another conference.", duplicate.Text, StringComparison.Ordinal);

        form = Forms.Details(slug);
        form["Name"] = "   ";
        form["Price"] = "not a field";
        var blank = await client.PostAsync($"/conferences/{slug}/edit", form);
        Assert.Contains("Enter the conference's name.", blank.Text, StringComparison.Ordinal);

        Assert.Equal("CQRS summit " + slug, (await site.ConferenceAsync(slug)).Name);
    }

    [Fact]
    public async Task given_an_unpublished_conference_when_it_is_published_and_unpublished_then_the_page_and_the_events_follow()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        await client.CreateConferenceAsync(slug);
        var id = (await site.ConferenceAsync(slug)).Id;

        var published = await client.FollowAsync(await client.PostAsync($"/conferences/{slug}/publish", [], tokenFrom: $"/conferences/{slug}"));
        Assert.Equal("Published", published.ById("publication-state"));
        Assert.True((await site.ConferenceAsync(slug)).IsPublished);
        await site.EventuallyPublishedAsync("ConferencePublished", id);

        var unpublished = await client.FollowAsync(await client.PostAsync($"/conferences/{slug}/unpublish", [], tokenFrom: $"/conferences/{slug}"));
        Assert.Equal("Not published", unpublished.ById("publication-state"));
        var conference = await site.ConferenceAsync(slug);
        Assert.False(conference.IsPublished);
        Assert.True(conference.WasEverPublished);
        await site.EventuallyPublishedAsync("ConferenceUnpublished", id);
    }

    [Fact]
    public async Task given_a_publish_without_the_antiforgery_token_when_it_is_sent_then_it_is_refused()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        await client.CreateConferenceAsync(slug);

        var page = await client.PostWithoutTokenAsync($"/conferences/{slug}/publish", []);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.False((await site.ConferenceAsync(slug)).IsPublished);
    }
}
