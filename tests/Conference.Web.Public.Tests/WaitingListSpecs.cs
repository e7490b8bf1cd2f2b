using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Web.Public.Tests;

/// <summary>The registrant's waiting-list pages over the real processor: join, see one's place, leave, take an offer; bad input gets a message.</summary>
[Collection(PublicSiteCollection.Name)]
public sealed partial class WaitingListSpecs(PublicSiteFixture fixture)
{
    [Theory]
    [InlineData("", "ann@example.com", "1", "Enter your name.")]
    [InlineData("500", "ann@example.com", "1", "The name can have at most 100 characters.")]
    [InlineData("Ann", "not an email", "1", "Enter a valid email address.")]
    [InlineData("Ann", "", "1", "Enter your email address.")]
    [InlineData("Ann", "ann@example.com", "0", "Ask for between 1 and 100 seats.")]
    [InlineData("Ann", "ann@example.com", "-3", "Ask for between 1 and 100 seats.")]
    [InlineData("Ann", "ann@example.com", "101", "Ask for between 1 and 100 seats.")]
    [InlineData("Ann", "ann@example.com", "abc", "")]
    public async Task given_the_join_form_when_the_input_is_bad_then_a_validation_message_not_an_error_is_shown(string name, string email, string seats, string message)
    {
        var client = fixture.Client();
        var url = $"/{fixture.Book.Slug}/waiting-list/{fixture.Book.SeatTypes["CQRS Workshop"]}";
        var page = await client.GetStringAsync(url);

        var response = await Pages.PostFormAsync(client, url, page, JoinFields(EntryIdIn(page), name == "500" ? new string('n', 500) : name, email, seats));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await Pages.ReadAsync(response);
        Assert.Contains("field-validation-error", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(message), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_an_unknown_seat_type_when_joining_its_waiting_list_then_a_not_found_page_is_shown()
    {
        var response = await fixture.Client().GetAsync($"/{fixture.Book.Slug}/waiting-list/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("has no such seat type on sale", await Pages.ReadAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_a_sold_out_seat_type_when_two_registrants_join_then_each_sees_their_place_and_the_same_email_cannot_join_twice()
    {
        var conference = await SoldOutAsync();
        var url = $"/{conference.Slug}/waiting-list/{conference.SeatTypes["Workshop"]}";

        var ann = await JoinAsync(url, "Ann", "ann@example.com", 2);
        var bob = await JoinAsync(url, "Bob", "bob@example.com", 1);

        Assert.Contains("number <strong id=\"place\">1</strong> in line", await EntryPageAsync(ann, "place\">1<"), StringComparison.Ordinal);
        Assert.Contains("number <strong id=\"place\">2</strong> in line", await EntryPageAsync(bob, "place\">2<"), StringComparison.Ordinal);
        var client = fixture.Client();
        var page = await client.GetStringAsync(url);
        var again = await Pages.PostFormAsync(client, url, page, JoinFields(EntryIdIn(page), "Ann again", "ANN@example.com", "1"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("already on the waiting list", await Pages.ReadAsync(again), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(fixture.MailDirectory, $"waiting-list-joined-{ann:N}.eml")) || await MailArrivesAsync($"waiting-list-joined-{ann:N}.eml"));
    }

    [Fact]
    public async Task given_a_registrant_on_the_waiting_list_when_they_leave_from_their_page_then_it_says_so_and_they_can_join_again()
    {
        var conference = await SoldOutAsync();
        var url = $"/{conference.Slug}/waiting-list/{conference.SeatTypes["Workshop"]}";
        var ann = await JoinAsync(url, "Ann", "ann@example.com", 1);
        var client = fixture.Client();
        var entry = await FollowAsync(client, $"/waiting-list/entries/{ann:N}", "place\">1<");

        var left = await Pages.PostFormAsync(client, $"/waiting-list/entries/{ann:N}/leave", entry, []);

        Assert.Contains("You left the waiting list.", await FollowAsync(client, Pages.Location(left), "You left"), StringComparison.Ordinal);
        await JoinAsync(url, "Ann", "ann@example.com", 1);
    }

    [Fact]
    public async Task given_one_free_seat_when_a_registrant_joins_for_two_then_one_is_offered_the_rest_waits_and_the_offer_opens_an_order_with_it()
    {
        var conference = await SoldOutAsync();
        var url = $"/{conference.Slug}/waiting-list/{conference.SeatTypes["Cocktail"]}";

        var ann = await JoinAsync(url, "Ann", "ann@example.com", 2);

        var entry = await EntryPageAsync(ann, "offer-link");
        Assert.Contains("number <strong id=\"place\">1</strong> in line for the rest", entry, StringComparison.Ordinal);
        var offerPath = OfferLinkPattern().Match(entry).Groups[1].Value;
        var client = fixture.Client();
        var offer = await client.GetStringAsync(offerPath);
        Assert.Contains("1 seat(s) of Cocktail", offer, StringComparison.Ordinal);

        var taken = await Pages.PostFormAsync(client, offerPath + "/take", offer, []);

        var registration = Pages.Location(taken);
        Assert.Contains($"/{conference.Slug}/registration/", registration, StringComparison.Ordinal);
        var details = await FollowAsync(client, registration, "registrant-details");
        Assert.Contains("Cocktail", details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_an_unknown_offer_when_its_page_is_opened_then_a_not_found_page_is_shown()
    {
        var response = await fixture.Client().GetAsync($"/waiting-list/offers/{Guid.NewGuid():N}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("We cannot find this offer", await Pages.ReadAsync(response), StringComparison.Ordinal);
    }

    private static List<KeyValuePair<string, string>> JoinFields(string entryId, string name, string email, string seats) =>
    [
        new("Form.EntryId", entryId),
        new("Form.Name", name),
        new("Form.Email", email),
        new("Form.Seats", seats),
    ];

    private static string EntryIdIn(string page) => EntryIdPattern().Match(page).Groups[1].Value;

    /// <summary>A conference whose workshop is sold out (quota 0) and whose cocktail party has one seat left.</summary>
    private async Task<SeededConference> SoldOutAsync()
    {
        var conference = await fixture.SeedAsync("wait", publish: true, ("Workshop", 500m, 0), ("Cocktail", 50m, 1));
        var dao = fixture.Processor.GetRequiredService<Registration.ReadModel.IConferenceDao>();
        await PublicSiteFixture.WaitForAsync(async () => (await dao.GetPublishedSeatTypesAsync(conference.Id, default)).Count == 2, "the waiting-list conference's seat types");
        return conference;
    }

    private async Task<Guid> JoinAsync(string url, string name, string email, int seats)
    {
        var client = fixture.Client();
        var page = await client.GetStringAsync(url);
        var entryId = EntryIdIn(page);
        var response = await Pages.PostFormAsync(client, url, page, JoinFields(entryId, name, email, seats.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal($"/waiting-list/entries/{Guid.Parse(entryId):N}", Pages.Location(response));
        return Guid.Parse(entryId);
    }

    private Task<string> EntryPageAsync(Guid entryId, string shows) => FollowAsync(fixture.Client(), $"/waiting-list/entries/{entryId:N}", shows);

    /// <summary>Opens the page until it shows <paramref name="shows"/>: the processor catches up in its own time.</summary>
    private static async Task<string> FollowAsync(HttpClient client, string url, string shows)
    {
        var html = string.Empty;
        await PublicSiteFixture.WaitForAsync(
            async () =>
            {
                html = await client.GetStringAsync(url);
                return html.Contains(shows, StringComparison.Ordinal);
            },
            $"{url} showing {shows}");
        return html;
    }

    private async Task<bool> MailArrivesAsync(string file)
    {
        await PublicSiteFixture.WaitForAsync(() => Task.FromResult(File.Exists(Path.Combine(fixture.MailDirectory, file))), file);
        return true;
    }

    [GeneratedRegex("name=\"Form.EntryId\" value=\"([0-9a-f-]+)\"")]
    private static partial Regex EntryIdPattern();

    [GeneratedRegex("href=\"(/waiting-list/offers/[0-9a-f]+)\"")]
    private static partial Regex OfferLinkPattern();
}
