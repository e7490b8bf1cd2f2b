using System.Net;

namespace Conference.Web.Admin.Tests;

public sealed class CreateConferenceSpecs(AdminSiteFactory site) : IClassFixture<AdminSiteFactory>
{
    [Fact]
    public async Task given_valid_details_when_the_conference_is_created_then_the_access_code_is_shown_emailed_and_ConferenceCreated_published()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        var email = $"{slug}@contoso.com";

        var created = await client.PostAsync("/conferences/create", Forms.Conference(slug, email));

        Assert.Equal(HttpStatusCode.Redirect, created.Status);
        Assert.DoesNotContain("code", created.Location!, StringComparison.OrdinalIgnoreCase);
        var page = await client.FollowAsync(created);
        var conference = await site.ConferenceAsync(slug);
        Assert.Equal(conference.AccessCode, page.ById("created-access-code"));
        Assert.Contains($"It was also sent to {email}", page.Text, StringComparison.Ordinal);
        Assert.Equal("Not published", page.ById("publication-state"));

        var mail = Directory.GetFiles(site.MailDirectory, "*.eml").Select(File.ReadAllText).Single(m => m.Contains($"To: {email}", StringComparison.Ordinal));
        Assert.Contains($"Access code: {conference.AccessCode}", mail, StringComparison.Ordinal);

        await site.EventuallyPublishedAsync("ConferenceCreated", conference.Id);
        Assert.Equal("William Flash", conference.OwnerName);
        Assert.Equal(new DateTimeOffset(2027, 5, 2, 0, 0, 0, TimeSpan.Zero), conference.StartDate);
    }

    [Fact]
    public async Task given_an_empty_form_when_it_is_sent_then_every_required_field_says_what_to_enter()
    {
        using var client = site.CreateAdminClient();
        var page = await client.PostAsync("/conferences/create", []);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        foreach (var message in new[]
        {
            "Enter the owner's name.", "Enter the owner's email address: the access code is sent there.", "Enter the email address again.",
            "Enter the conference's name.", "Enter a slug", "Enter a description.", "Enter where the conference takes place.",
            "Enter the start date.", "Enter the end date.",
        })
        {
            Assert.Contains(message, page.Text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("ConfirmEmail", "other@contoso.com", "The two email addresses do not match.")]
    [InlineData("OwnerEmail", "not-an-email", "Enter a valid email address.")]
    [InlineData("EndDate", "2027-05-01", "The end date cannot be before the start date.")]
    [InlineData("StartDate", "yesterday", "The value 'yesterday' is not valid for Start date.")]
    [InlineData("Slug", "has spaces", "The slug may use letters, digits, '-' and '_', starting with a letter or digit.")]
    [InlineData("Slug", "-dash-first", "The slug may use letters, digits, '-' and '_', starting with a letter or digit.")]
    [InlineData("Slug", "locate", "The slug 'locate' is reserved by this site; choose another.")]
    public async Task given_one_bad_field_when_the_form_is_sent_then_it_is_shown_again_with_that_message_and_nothing_is_created(string field, string value, string message)
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        var form = Forms.Conference(slug);
        form[field] = value;

        var page = await client.PostAsync("/conferences/create", form);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(message, page.Text, StringComparison.Ordinal);
        Assert.Null(await site.WithConferencesAsync(s => s.FindConferenceAsync(slug, default)));
    }

    [Fact]
    public async Task given_over_long_text_in_every_field_when_the_form_is_sent_then_each_says_its_limit_and_nothing_fails()
    {
        using var client = site.CreateAdminClient();
        var longText = new string('x', 5000);
        var form = Forms.Conference(Forms.UniqueSlug());
        foreach (var field in new[] { "OwnerName", "Name", "Slug", "Description", "Location", "Tagline", "TwitterSearch" })
        {
            form[field] = longText;
        }

        var page = await client.PostAsync("/conferences/create", form);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("The owner's name cannot be longer than 200 characters.", page.Text, StringComparison.Ordinal);
        Assert.Contains("The slug cannot be longer than 64 characters.", page.Text, StringComparison.Ordinal);
        Assert.Contains("The description cannot be longer than 4000 characters.", page.Text, StringComparison.Ordinal);
        Assert.Contains("The tagline cannot be longer than 250 characters.", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_a_field_over_the_servers_form_limit_when_the_form_is_sent_then_a_bad_request_page_answers_not_an_error()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        var form = Forms.Conference(slug);
        form["Description"] = new string('x', 5_000_000);

        var page = await client.PostAsync("/conferences/create", form);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("The request could not be processed", page.Text, StringComparison.Ordinal);
        Assert.Null(await site.WithConferencesAsync(s => s.FindConferenceAsync(slug, default)));
    }

    [Fact]
    public async Task given_a_slug_in_use_when_another_conference_takes_it_in_any_case_then_the_form_says_so()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        await client.CreateConferenceAsync(slug);

        using var other = site.CreateAdminClient();
        var page = await other.PostAsync("/conferences/create", Forms.Conference(slug.ToUpperInvariant(), "other@contoso.com"));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains($"The slug '{slug}' is already used by another conference.", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_a_form_without_the_antiforgery_token_when_it_is_sent_then_it_is_refused_and_nothing_is_created()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        var page = await client.PostWithoutTokenAsync("/conferences/create", Forms.Conference(slug));
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("The request could not be processed", page.Text, StringComparison.Ordinal);
        Assert.Null(await site.WithConferencesAsync(s => s.FindConferenceAsync(slug, default)));
    }

    [Fact]
    public async Task given_script_in_the_details_when_the_conference_page_shows_them_then_it_is_encoded()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        var form = Forms.Conference(slug);
        form["Name"] = "<script>alert('x')</script>";
        await client.PostAsync("/conferences/create", form);
        var page = await client.GetAsync($"/conferences/{slug}");
        Assert.DoesNotContain("<script>alert", page.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", page.Html, StringComparison.Ordinal);
    }
}
