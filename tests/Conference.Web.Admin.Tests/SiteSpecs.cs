using System.Net;

namespace Conference.Web.Admin.Tests;

public sealed class SiteSpecs(AdminSiteFactory site) : IClassFixture<AdminSiteFactory>
{
    [Fact]
    public async Task given_the_site_when_the_home_page_is_opened_then_it_offers_to_create_and_to_locate_a_conference()
    {
        using var client = site.CreateAdminClient();
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.Status);
        Assert.Contains("href=\"/conferences/create\"", home.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/conferences/locate\"", home.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_the_database_is_reachable_when_health_is_asked_then_it_answers_healthy()
    {
        using var client = site.CreateAdminClient();
        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.Status);
        Assert.Equal("Healthy", health.Html);
    }

    [Theory]
    [InlineData("/nowhere")]
    [InlineData("/conferences/some-slug/seats/not-a-guid/edit")]
    [InlineData("/conferences/a/b/c/d")]
    [InlineData("/error/999")]
    public async Task given_an_address_that_names_nothing_when_it_is_opened_then_a_not_found_page_answers(string path)
    {
        using var client = site.CreateAdminClient();
        var page = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Contains("Page not found", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_every_form_when_it_is_rendered_then_each_input_has_a_label()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        await client.CreateConferenceAsync(slug);
        foreach (var path in new[] { "/conferences/create", "/conferences/locate", $"/conferences/{slug}/edit", $"/conferences/{slug}/seats/create" })
        {
            var page = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            var ids = System.Text.RegularExpressions.Regex.Matches(page.Html, "<(?:input|textarea)(?![^>]*type=\"hidden\")[^>]*id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(ids);
            Assert.All(ids, id => Assert.Contains($"for=\"{id}\"", page.Html, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task given_the_create_form_when_it_is_rendered_then_the_browser_gets_the_same_rules_as_the_server()
    {
        using var client = site.CreateAdminClient();
        var page = await client.GetAsync("/conferences/create");
        Assert.Contains("data-val-notbefore=\"The end date cannot be before the start date.\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("data-val-notbefore-other=\"StartDate\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("data-val-equalto=\"The two email addresses do not match.\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("data-val-required=\"Enter the owner&#x27;s name.\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("/js/validation.js", page.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/js/validation.js")).Status);
    }
}
