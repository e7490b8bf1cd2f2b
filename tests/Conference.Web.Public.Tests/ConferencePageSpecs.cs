using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Registration.ReadModel;

namespace Conference.Web.Public.Tests;

/// <summary>What a registrant sees before choosing seats: the home page, the conference page, and a conference that closes.</summary>
[Collection(PublicSiteCollection.Name)]
public sealed partial class ConferencePageSpecs(PublicSiteFixture fixture)
{
    [Fact]
    public async Task given_published_and_unpublished_conferences_when_the_home_page_is_opened_then_it_links_the_published_ones_with_their_dates()
    {
        var html = await fixture.Client().GetStringAsync("/");

        Assert.Contains($"href=\"/{fixture.Book.Slug}\"", html, StringComparison.Ordinal);
        Assert.Contains("CQRS Summit book", html, StringComparison.Ordinal);
        Assert.Contains(ConferenceDates.Format(Start, Start.AddDays(1)), WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Unpublished.Slug, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_a_published_conference_when_its_page_is_opened_then_each_seat_type_shows_description_price_and_seats_left_in_creation_order()
    {
        var html = await fixture.Client().GetStringAsync($"/{fixture.Book.Slug}");

        var rows = SeatTypeRow().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["General admission", "CQRS Workshop", "Additional cocktail party"], rows);
        Assert.Contains("CQRS Workshop description", html, StringComparison.Ordinal);
        Assert.Contains("$500.00", html, StringComparison.Ordinal);
        Assert.Contains("Seats left", html, StringComparison.Ordinal);
        Assert.Contains("Register now", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_a_published_conference_when_seats_are_chosen_then_the_seat_types_come_in_creation_order_not_by_name()
    {
        var html = await fixture.Client().GetStringAsync($"/{fixture.Book.Slug}/register");

        var rows = SeatTypeRow().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["General admission", "CQRS Workshop", "Additional cocktail party"], rows);
    }

    [Fact]
    public async Task given_a_registrant_on_the_seat_selection_when_the_conference_is_unpublished_then_the_reservation_is_refused_and_the_page_closes_within_seconds()
    {
        var conference = await fixture.SeedAsync("closing", publish: true, ("General admission", 199m, 10));
        var dao = fixture.Processor.GetRequiredService<IConferenceDao>();
        await PublicSiteFixture.WaitForAsync(async () => (await dao.GetPublishedSeatTypesAsync(conference.Id, default)).Count == 1, "the seat type on sale");
        var client = fixture.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/{conference.Slug}")).StatusCode);
        var selection = await client.GetStringAsync($"/{conference.Slug}/register");

        await using (var scope = fixture.Processor.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ConferenceService>().UnpublishAsync(conference.Id, default);
        }

        await PublicSiteFixture.WaitForAsync(async () => !await dao.IsOpenForRegistrationAsync(conference.Id, default), "the read model to hear of the unpublish");
        var orderId = Guid.Parse(OrderId().Match(selection).Groups[1].Value);
        var refused = await Pages.PostFormAsync(client, $"/{conference.Slug}/register", selection, [
            new("Form.OrderId", orderId.ToString()),
            new("Form.Seats[0].SeatType", conference.SeatTypes["General admission"].ToString()),
            new("Form.Seats[0].Quantity", "1"),
        ]);

        // Refused at once, whether the site's cache still names the conference published (409) or not (404).
        var text = await Pages.ReadAsync(refused);
        Assert.True(refused.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound, $"POST answered {(int)refused.StatusCode}: {text}");
        Assert.Matches("no longer open for registration, so no seats were reserved|is not open for registration", text);
        await PublicSiteFixture.WaitForAsync(
            async () => (await client.GetAsync($"/{conference.Slug}")).StatusCode == HttpStatusCode.NotFound,
            "the conference page to close",
            seconds: 20);
    }

    [Theory]
    [InlineData("2027-06-03", "2027-06-03", "June 3, 2027")]
    [InlineData("2027-06-03", "2027-06-05", "June 3\u20135, 2027")]
    [InlineData("2027-06-30", "2027-07-02", "June 30 \u2013 July 2, 2027")]
    [InlineData("2027-12-30", "2028-01-02", "December 30, 2027 \u2013 January 2, 2028")]
    public void given_conference_dates_when_they_are_shown_then_they_read_as_people_write_them(string start, string end, string expected)
    {
        Assert.Equal(expected, ConferenceDates.Format(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static DateTimeOffset Start => new(DateTime.UtcNow.Date.AddMonths(1), TimeSpan.Zero);

    [GeneratedRegex("<tr data-seat-type=\"([^\"]+)\"")]
    private static partial Regex SeatTypeRow();

    [GeneratedRegex("id=\"Form_OrderId\" name=\"Form.OrderId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex OrderId();
}
