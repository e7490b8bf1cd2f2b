using System.Globalization;
using Conference.AcceptanceTests.Drivers;
using Conference.AcceptanceTests.Steps.Management;
using Conference.AcceptanceTests.Steps.Registration;
using Microsoft.Playwright;
using Reqnroll;
using Reqnroll.Assist;

namespace Conference.AcceptanceTests.Steps.Journey;

public sealed record AttendeeListRow(string SeatType, string Attendee);

/// <summary>
/// Steps that cross from one site to the other: what a business customer does on the management
/// site, seen by registrants on the registration site, and what registrants buy, seen by the business
/// customer. Both sites share the scenario's browser (and so its cookies) and the run's processor.
/// </summary>
[Binding]
public sealed class JourneySteps(BrowserDriver browser, SystemUnderTest system, ManagementContext conferences, RegistrationDriver registration, RegistrantContext registrant)
{
    /// <summary>
    /// How long the registration site may take to show a change: the processor updates its read model
    /// within seconds, and a published conference may be served from the site's cache for up to a minute.
    /// </summary>
    private const int RegistrationSiteLagSeconds = 90;

    private IPage Page => browser.Page;

    [Then("the conference {string} is open for registration")]
    public async Task ThenTheConferenceIsOpenForRegistration(string name)
    {
        var conference = conferences[name];
        var site = await system.PublicSiteAsync();
        await EventuallyAsync(
            site.Url($"/{conference.Slug}"),
            async page => await page.Locator("h1").First.TextContentAsync() == name
                && await page.GetByRole(AriaRole.Link, new() { Name = "Register now" }).CountAsync() == 1,
            $"the registration site to show \"{name}\" open for registration");
    }

    [Then("the conference {string} is not open for registration")]
    public async Task ThenTheConferenceIsNotOpenForRegistration(string name)
    {
        var conference = conferences[name];
        var site = await system.PublicSiteAsync();
        await EventuallyAsync(
            site.Url($"/{conference.Slug}"),
            async page => (await page.Locator("#message").CountAsync()) == 1
                && (await page.Locator("#message").TextContentAsync() ?? string.Empty).Contains("not open for registration", StringComparison.Ordinal),
            $"the registration site to say \"{name}\" is not open for registration");
        Assert.Equal(0, await Page.GetByRole(AriaRole.Link, new() { Name = "Register now" }).CountAsync());
    }

    [Then("registrants can choose from {int} {string} seats")]
    public async Task ThenRegistrantsCanChooseFrom(int available, string seatType)
    {
        var site = await system.PublicSiteAsync();
        var expected = available.ToString(CultureInfo.InvariantCulture);
        await EventuallyAsync(
            site.Url($"/{conferences.Current.Slug}/register"),
            async page =>
            {
                var row = page.Locator("tr[data-seat-type]").Filter(new() { HasText = seatType });
                return await row.CountAsync() == 1 && (await row.Locator("td.available").TextContentAsync())?.Trim() == expected;
            },
            $"the registration site to offer {available} \"{seatType}\" seats");
    }

    [When("a registrant opens the conference {string} on the registration site")]
    public async Task WhenARegistrantOpensTheConference(string name)
    {
        var conference = conferences[name];
        await registration.UseConferenceAsync(conference.Slug);

        // A conference just published gets its seats a moment later: wait until none shows as sold out.
        await EventuallyAsync(
            registration.Url($"/{conference.Slug}/register"),
            async page => await page.Locator("tr[data-seat-type]").CountAsync() > 0
                && !(await page.Locator("tr[data-seat-type] td.available").AllTextContentsAsync()).Any(a => a.Contains("Sold out", StringComparison.Ordinal)),
            $"the seats of \"{name}\" on the registration site");

        // The seat selection page carries the id the site chose for the registrant's order.
        registrant.OrderId = Guid.Parse(await Page.Locator("#Form_OrderId").InputValueAsync());
    }

    [Then("the business customer sees the confirmed order of {string} totalling {string}")]
    public async Task ThenTheBusinessCustomerSeesTheConfirmedOrder(string registrant, string total)
    {
        var site = await system.AdminSiteAsync();
        await EventuallyAsync(
            site.Url($"/conferences/{conferences.Current.Slug}/orders"),
            async page =>
            {
                var row = OrderRow(page, registrant);
                return await row.CountAsync() == 1
                    && (await row.Locator("td").Nth(3).TextContentAsync())?.Trim() == "Confirmed"
                    && "$" + (await row.Locator("td").Nth(4).TextContentAsync())?.Trim() == total;
            },
            $"the management site to list the confirmed order of {registrant}");
    }

    [Then("the business customer sees these attendees on the order of {string}:")]
    public async Task ThenTheBusinessCustomerSeesTheseAttendees(string registrant, Table table)
    {
        var expected = table.CreateSet<AttendeeListRow>().Select(r => $"{r.SeatType}: {r.Attendee}").Order(StringComparer.Ordinal).ToArray();
        var site = await system.AdminSiteAsync();
        string[] shown = [];
        await EventuallyAsync(
            site.Url($"/conferences/{conferences.Current.Slug}/orders"),
            async page =>
            {
                var seats = await OrderRow(page, registrant).Locator("li").AllInnerTextsAsync();
                shown = [.. seats.Select(s => string.Join(' ', s.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))).Order(StringComparer.Ordinal)];
                return shown.SequenceEqual(expected, StringComparer.Ordinal);
            },
            $"the management site to list these attendees: {string.Join("; ", expected)}");
    }

    private static ILocator OrderRow(IPage page, string registrant) =>
        page.Locator("#orders tbody tr").Filter(new() { HasText = registrant });

    /// <summary>Opens <paramref name="url"/> and reloads it until <paramref name="condition"/> holds, as a person refreshing the page would.</summary>
    private async Task EventuallyAsync(Uri url, Func<IPage, Task<bool>> condition, string what)
    {
        var page = await browser.GoToAsync(url);
        var deadline = DateTime.UtcNow.AddSeconds(RegistrationSiteLagSeconds);
        while (!await condition(page))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited {RegistrationSiteLagSeconds} s for {what}; {url} shows: {await page.Locator("main").InnerTextAsync()}");
            await Task.Delay(500);
            await page.GotoAsync(url.ToString());
        }
    }
}
