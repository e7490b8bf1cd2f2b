using System.Globalization;
using System.Text.RegularExpressions;
using Conference.AcceptanceTests.Drivers;
using Microsoft.Playwright;
using MimeKit;
using Reqnroll;
using Reqnroll.Assist;
using static Microsoft.Playwright.Assertions;

namespace Conference.AcceptanceTests.Steps.Registration;

/// <summary>A registrant of the scenario on a waiting list: their unique address, entry and the offers emailed to them.</summary>
public sealed class WaitingRegistrant(string name, string email)
{
    public string Name { get; } = name;

    public string Email { get; } = email;

    public Guid EntryId { get; set; }

    public List<Uri> OfferLinks { get; } = [];
}

/// <summary>The waiting-list registrants of one scenario, by the name the scenario gave them.</summary>
public sealed class WaitingListContext
{
    public Dictionary<string, WaitingRegistrant> Registrants { get; } = new(StringComparer.Ordinal);

    public bool LocatedOnManagementSite { get; set; }

    /// <summary>The link the registrant page of a partial reservation showed.</summary>
    public string? JoinLink { get; set; }

    public WaitingRegistrant this[string name] =>
        Registrants.TryGetValue(name, out var registrant)
            ? registrant
            : throw new InvalidOperationException($"\"{name}\" has not joined a waiting list in this scenario.");
}

public sealed record WaitingListRow(string Name, int Seats, string Status, string Offers);

/// <summary>
/// The waiting-list stories in Chromium: joining from the public site, the emails in the run's mail
/// folder (their links opened on the scenario's public site), and the management site's waiting-list page.
/// </summary>
[Binding]
[Scope(Tag = "registration")]
public sealed partial class WaitingListSteps(RegistrationDriver system, BrowserDriver browser, RegistrantContext registrant, WaitingListContext waiting)
{
    /// <summary>Where the emails link to; the scenario opens their paths on its own public site (whose port is chosen at start).</summary>
    private const string EmailedSiteUrl = "http://registration.conference.test";

    /// <summary>How long an offer email may take: an offer passes on only after the offer window.</summary>
    private const int OfferEmailSeconds = 90;

    private IPage Page => browser.Page;

    [Given("waiting-list offers are held {int} seconds")]
    public async Task GivenAShortOfferWindow(int offerSeconds)
    {
        system.UseSeparateHosts("waiting-list", new Dictionary<string, string>
        {
            ["Conference__WaitingList__OfferWindow"] = TimeSpan.FromSeconds(offerSeconds).ToString("c", CultureInfo.InvariantCulture),
            ["Conference__WaitingList__PublicSiteUrl"] = EmailedSiteUrl,
        });

        // All three hosts up before anything is timed.
        await system.StartSiteAsync();
        await system.AdminSiteAsync();
    }

    [Given("waiting-list offers are held {int} seconds, and reservations run out after {int} seconds and release their seats at once")]
    public async Task GivenShortReservations(int offerSeconds, int reservationSeconds)
    {
        system.UseSeparateHosts("waiting-list-expiry", new Dictionary<string, string>
        {
            ["Conference__WaitingList__OfferWindow"] = TimeSpan.FromSeconds(offerSeconds).ToString("c", CultureInfo.InvariantCulture),
            ["Conference__WaitingList__PublicSiteUrl"] = EmailedSiteUrl,
            ["Conference__Registration__ReservationWindow"] = TimeSpan.FromSeconds(reservationSeconds).ToString("c", CultureInfo.InvariantCulture),
            ["Conference__Registration__ExpirationBuffer"] = "00:00:00",
        });
        await system.StartSiteAsync();
        await system.AdminSiteAsync();
    }

    [When("the other registrant's reservation runs out")]
    public Task WhenTheOtherReservationRunsOut() =>
        system.WaitUntilRejectedAsync(registrant.OtherOrderId ?? throw new InvalidOperationException("No other registrant has reserved seats in this scenario."), OfferEmailSeconds);

    [When("{string} joins the waiting list of {string} from the seat selection for {int} seat(s) with {string}")]
    public async Task WhenJoinsFromTheSeatSelection(string name, string seatType, int seats, string email)
    {
        if (!Page.Url.Contains("/register", StringComparison.Ordinal))
        {
            await browser.GoToAsync(system.Url($"/{system.Slug}/register"));
        }

        await Page.Locator("tr[data-seat-type]").Filter(new() { HasText = seatType }).GetByRole(AriaRole.Link, new() { Name = "Join the waiting list" }).ClickAsync();
        await JoinAsync(name, seatType, seats, email);
    }

    [Given("{string} has joined the waiting list of {string} for {int} seat(s) with {string}")]
    public async Task GivenHasJoined(string name, string seatType, int seats, string email)
    {
        await browser.GoToAsync(system.Url($"/{system.Slug}/waiting-list/{system.SeatTypes[seatType]}"));
        await JoinAsync(name, seatType, seats, email);
        await Expect(Page.Locator("#entry-status")).ToHaveAttributeAsync("data-status", "Waiting");
    }

    [When("{string} tries to join the waiting list of {string} again for {int} seat(s)")]
    public async Task WhenTriesToJoinAgain(string name, string seatType, int seats)
    {
        var again = waiting[name];
        await browser.GoToAsync(system.Url($"/{system.Slug}/waiting-list/{system.SeatTypes[seatType]}"));
        await FillJoinFormAsync(again.Name + " again", again.Email.ToUpperInvariant(), seats);
        await Expect(Page.Locator("#join-waiting-list .field-validation-error").First).ToBeVisibleAsync();
    }

    [Then("{string} is number {int} in line")]
    public async Task ThenIsNumberInLine(string name, int place)
    {
        await OpenPlacePageAsync(waiting[name]);
        await Expect(Page.Locator("#entry-status")).ToHaveAttributeAsync("data-status", "Waiting");
        await Expect(Page.Locator("#place")).ToHaveTextAsync(place.ToString(CultureInfo.InvariantCulture));
    }

    [Then("{string} is number {int} in line for {int} seats")]
    public async Task ThenIsNumberInLineFor(string name, int place, int seats)
    {
        await ThenIsNumberInLine(name, place);
        await Expect(Page.Locator("p.lead")).ToContainTextAsync($"{seats} seat(s) of");
    }

    [Then("{string} is emailed their place with a link to leave")]
    public async Task ThenIsEmailedTheirPlace(string name)
    {
        var who = waiting[name];
        var body = await EmailBodyAsync($"waiting-list-joined-{who.EntryId:N}.eml", who.Email);
        Assert.Contains("number 1 in line", body, StringComparison.Ordinal);
        Assert.Contains($"Your place, or to leave the waiting list: {EmailedSiteUrl}/waiting-list/entries/{who.EntryId:N}", body, StringComparison.Ordinal);
    }

    [When("the business customer raises the quota of {string} to {int} on the management site")]
    public async Task WhenTheQuotaIsRaised(string seatType, int quota)
    {
        var site = await LocateOnTheManagementSiteAsync();
        await browser.GoToAsync(site.Url($"/conferences/{system.Slug}/seats"));
        await Page.GetByRole(AriaRole.Link, new() { Name = $"Edit {seatType}", Exact = true }).ClickAsync();
        await Page.GetByLabel("Quota", new() { Exact = true }).FillAsync(quota.ToString(CultureInfo.InvariantCulture));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save the seat type", Exact = true }).ClickAsync();
        await Expect(Page.Locator("#notice")).ToHaveTextAsync($"The seat type '{seatType}' was saved.");
    }

    [Then("{string} is emailed an offer of {int} seat(s)")]
    public async Task ThenIsEmailedAnOffer(string name, int seats)
    {
        var who = waiting[name];
        string? body = null;
        await RegistrationDriver.WaitAsync(
            async () => (body = await FirstEmailAsync("waiting-list-offer-*.eml", who.Email)) is not null,
            $"the offer email to {who.Email}",
            OfferEmailSeconds);
        Assert.Contains($"{seats} seat(s) are held for you until", body, StringComparison.Ordinal);
        var link = OfferLink().Match(body!);
        Assert.True(link.Success, $"The offer email has no link to the offer:\n{body}");
        Assert.StartsWith(EmailedSiteUrl + "/", link.Value, StringComparison.Ordinal);
        who.OfferLinks.Add(OnTheSite(link.Value));
    }

    [When("{string} opens the link in the offer email and registers with the seats")]
    public async Task WhenOpensTheOfferAndRegisters(string name)
    {
        var offer = waiting[name].OfferLinks[^1];
        await browser.GoToAsync(offer);
        await Expect(Page.Locator("#offer-status")).ToHaveAttributeAsync("data-status", "Offered");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Register with these seats" }).ClickAsync();
        await RegistrationSteps.WaitForRegistrantPageAsync(Page);

        // The order opened from the offer has the offer's id.
        registrant.OrderId = Guid.ParseExact(offer.Segments[^1], "N");
        Assert.Contains($"/registration/{registrant.OrderId}", Page.Url, StringComparison.Ordinal);
    }

    [Then("{string}'s place page shows {int} seat(s) held and that they are number {int} in line for the rest")]
    public async Task ThenThePlacePageShowsTheOfferAndThePlace(string name, int seats, int place)
    {
        await OpenPlacePageAsync(waiting[name]);
        await Expect(Page.Locator("#entry-status")).ToHaveAttributeAsync("data-status", "Offered");
        await Expect(Page.Locator("a.offer-link")).ToHaveTextAsync($"{seats} seat(s) held for you");
        await Expect(Page.Locator("#place")).ToHaveTextAsync(place.ToString(CultureInfo.InvariantCulture));
        await Expect(Page.GetByText("in line for the rest of your seats")).ToBeVisibleAsync();
    }

    [When("{string} does not take up the offer in its window")]
    public static void WhenDoesNotTakeUpTheOffer(string name) => _ = name;

    [Then("the link in {string}'s offer email says the offer is no longer open")]
    public async Task ThenTheOfferIsNoLongerOpen(string name)
    {
        await browser.GoToAsync(waiting[name].OfferLinks[^1]);
        await Expect(Page.Locator("#offer-status")).ToHaveTextAsync("This offer is no longer open: its seats went to the next in line.");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Register with these seats" })).ToHaveCountAsync(0);
    }

    [When("{string} opens the link in their waiting-list email and leaves the waiting list")]
    public async Task WhenLeavesFromTheEmail(string name)
    {
        var who = waiting[name];
        var body = await EmailBodyAsync($"waiting-list-joined-{who.EntryId:N}.eml", who.Email);
        var link = EntryLink().Match(body);
        Assert.True(link.Success, $"The waiting-list email has no link to the registrant's place:\n{body}");
        await browser.GoToAsync(OnTheSite(link.Value));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Leave the waiting list" }).ClickAsync();
        await RegistrationSteps.WaitUntilAsync(Page, p => p.Locator("#entry-status[data-status=Left]"));
    }

    [Then("{string}'s place page says they left the waiting list")]
    public async Task ThenThePlacePageSaysTheyLeft(string name)
    {
        await OpenPlacePageAsync(waiting[name]);
        await Expect(Page.Locator("#entry-status")).ToHaveTextAsync("You left the waiting list.");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Leave the waiting list" })).ToHaveCountAsync(0);
    }

    [Then("the registrant page links to the waiting list for {int} more {string} seats")]
    public async Task ThenTheRegistrantPageLinksToTheWaitingList(int missing, string seatType)
    {
        var link = Page.Locator("#partial-reservation a.join-waiting-list");
        await Expect(link).ToHaveCountAsync(1);
        await Expect(link).ToHaveTextAsync($"Join the waiting list for {missing} more {seatType} seat(s)");
        waiting.JoinLink = await link.GetAttributeAsync("href");
        Assert.Equal($"/{system.Slug}/waiting-list/{system.SeatTypes[seatType]}?seats={missing}", waiting.JoinLink);
    }

    [When("{string} follows that link and joins the waiting list with {string}")]
    public async Task WhenFollowsThatLinkAndJoins(string name, string email)
    {
        await Page.Locator("#partial-reservation a.join-waiting-list").ClickAsync();

        // The form already asks for the seats the order is short of.
        var seats = int.Parse(await Page.GetByLabel("Seats", new() { Exact = true }).InputValueAsync(), CultureInfo.InvariantCulture);
        Assert.Equal(int.Parse(waiting.JoinLink![(waiting.JoinLink!.IndexOf('=', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture), seats);
        await JoinAsync(name, null, null, email);
    }

    [Given("the business customer has opened the conference on the management site")]
    public Task GivenTheConferenceIsOpenOnTheManagementSite() => LocateOnTheManagementSiteAsync();

    [Then("the management site's waiting list of {string} shows:")]
    public async Task ThenTheManagementWaitingListShows(string seatType, Table table)
    {
        var site = await LocateOnTheManagementSiteAsync();
        var expected = table.CreateSet<WaitingListRow>().ToList();
        var list = Page.Locator($"table.waiting-list[data-seat-type=\"{seatType}\"]");
        var mismatch = string.Empty;
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (true)
        {
            await browser.GoToAsync(site.Url($"/conferences/{system.Slug}/waiting-lists"));
            mismatch = await MismatchAsync(list, expected);
            if (mismatch.Length == 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The management site's waiting list of {seatType} never showed what was expected: {mismatch}");
            await Page.WaitForTimeoutAsync(500);
        }
    }

    private async Task<string> MismatchAsync(ILocator list, IReadOnlyList<WaitingListRow> expected)
    {
        var rows = list.Locator("tbody tr");
        if (await rows.CountAsync() != expected.Count)
        {
            return $"{await rows.CountAsync()} rows, not {expected.Count}";
        }

        foreach (var row in expected)
        {
            var who = waiting[row.Name];
            var cells = list.Locator($"tbody tr[data-email=\"{who.Email}\"] td");
            if (await cells.CountAsync() != 7)
            {
                return $"no row for {who.Email}";
            }

            var texts = (await cells.AllTextContentsAsync()).Select(t => Regex.Replace(t, @"\s+", " ").Trim()).ToList();
            if (texts[1] != row.Name || texts[3] != row.Seats.ToString(CultureInfo.InvariantCulture) || texts[5] != row.Status
                || !SinceCell().IsMatch(texts[4])
                || (row.Offers.Length == 0 ? texts[6].Length != 0 : !texts[6].StartsWith(row.Offers + " (until ", StringComparison.Ordinal)))
            {
                return $"{who.Email}: [{string.Join(" | ", texts)}]";
            }
        }

        return string.Empty;
    }

    private async Task<HostProcess> LocateOnTheManagementSiteAsync()
    {
        var site = await system.AdminSiteAsync();
        if (!waiting.LocatedOnManagementSite)
        {
            await browser.GoToAsync(site.Url("/conferences/locate"));
            await Page.GetByLabel("Email", new() { Exact = true }).FillAsync(system.OwnerEmail);
            await Page.GetByLabel("Access code", new() { Exact = true }).FillAsync(system.AccessCode);
            await Page.GetByRole(AriaRole.Button, new() { Name = "Open the conference", Exact = true }).ClickAsync();
            await Expect(Page.Locator("#conference-name")).ToBeVisibleAsync();
            waiting.LocatedOnManagementSite = true;
        }

        return site;
    }

    /// <summary>On the join page (opened by the caller): fills the form, joins, and waits for the place page.</summary>
    private async Task JoinAsync(string name, string? seatType, int? seats, string email)
    {
        if (seatType is not null)
        {
            await Expect(Page.Locator("p.lead")).ToContainTextAsync(seatType);
        }

        // A unique address per run, so the mail folder and the lists never meet another scenario's.
        var unique = email.Replace("@", $"+{Guid.NewGuid():N}"[..9] + "@", StringComparison.Ordinal);
        var who = new WaitingRegistrant(name, unique);
        await FillJoinFormAsync(name, unique, seats);
        await RegistrationSteps.WaitUntilAsync(Page, p => p.Locator("#entry-status"));
        who.EntryId = Guid.ParseExact(new Uri(Page.Url).Segments[^1], "N");
        waiting.Registrants[name] = who;
    }

    private async Task FillJoinFormAsync(string name, string email, int? seats)
    {
        await Page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await Page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        if (seats is { } count)
        {
            await Page.GetByLabel("Seats", new() { Exact = true }).FillAsync(count.ToString(CultureInfo.InvariantCulture));
        }

        // Callers wait for what the next page shows (the place, or the form's message): a load-state
        // wait here could see the old page, or time out on one that moves on.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Join the waiting list" }).ClickAsync();
    }

    private async Task OpenPlacePageAsync(WaitingRegistrant who)
    {
        await browser.GoToAsync(system.Url($"/waiting-list/entries/{who.EntryId:N}"));
        await RegistrationSteps.WaitUntilAsync(Page, p => p.Locator("#entry-status"));
    }

    private Uri OnTheSite(string emailed) => system.Url(new Uri(emailed).PathAndQuery);

    private async Task<string> EmailBodyAsync(string file, string to)
    {
        var path = Path.Combine(system.System.MailDirectory, file);
        await RegistrationDriver.WaitAsync(() => Task.FromResult(File.Exists(path)), $"the email {file}");
        var message = await MimeMessage.LoadAsync(path);
        Assert.Equal(to, Assert.Single(message.To.Mailboxes).Address);
        return message.TextBody ?? string.Empty;
    }

    /// <summary>The body of the first email matching <paramref name="pattern"/> to <paramref name="to"/>, or null while there is none.</summary>
    private async Task<string?> FirstEmailAsync(string pattern, string to)
    {
        if (!Directory.Exists(system.System.MailDirectory))
        {
            return null;
        }

        foreach (var file in Directory.GetFiles(system.System.MailDirectory, pattern))
        {
            var message = await MimeMessage.LoadAsync(file);
            if (message.To.Mailboxes.Any(m => string.Equals(m.Address, to, StringComparison.OrdinalIgnoreCase)))
            {
                return message.TextBody;
            }
        }

        return null;
    }

    [GeneratedRegex(@"https?://\S+/waiting-list/offers/[0-9a-f]{32}")]
    private static partial Regex OfferLink();

    [GeneratedRegex(@"https?://\S+/waiting-list/entries/[0-9a-f]{32}")]
    private static partial Regex EntryLink();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d UTC$")]
    private static partial Regex SinceCell();
}
