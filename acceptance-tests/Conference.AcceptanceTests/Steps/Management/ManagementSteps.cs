using System.Globalization;
using System.Text.RegularExpressions;
using Conference.AcceptanceTests.Drivers;
using Microsoft.Playwright;
using Reqnroll;
using Reqnroll.Assist;
using static Microsoft.Playwright.Assertions;

namespace Conference.AcceptanceTests.Steps.Management;

/// <summary>
/// A business customer on the conference management site, in the scenario's browser. Nothing is
/// seeded: conferences are created through the Create page, and access codes are read from the
/// page and from the email in the run's mail folder.
/// </summary>
[Binding]
public sealed partial class ManagementSteps(BrowserDriver browser, SystemUnderTest system, ManagementContext conferences)
{
    private IPage Page => browser.Page;

    [Given("a business customer has created the conference {string} with slug {string}")]
    [When("a business customer creates the conference {string} with slug {string}")]
    public async Task CreateConference(string name, string slug)
    {
        var uniqueSlug = $"{slug}-{Guid.NewGuid():N}"[..(slug.Length + 9)].ToLowerInvariant();
        var email = $"{uniqueSlug}@fabrikam.com";
        await OpenAsync("/conferences/create");
        await FillConferenceFormAsync(name, uniqueSlug, email, email, "2027-05-02", "2027-05-12");
        await ClickAsync("Create the conference");

        var code = (await Page.Locator("#created-access-code").TextContentAsync())?.Trim();
        Assert.False(string.IsNullOrEmpty(code), "The created conference's page shows no access code.");
        conferences.Add(new ManagedConference(name, uniqueSlug, email, code));
    }

    [When("the business customer tries to create the conference {string} from {string} to {string}")]
    public async Task TryToCreateConferenceWithDates(string name, string start, string end)
    {
        var slug = "dates-" + Guid.NewGuid().ToString("N")[..8];
        await OpenAsync("/conferences/create");
        await FillConferenceFormAsync(name, slug, slug + "@fabrikam.com", slug + "@fabrikam.com", start, end);
        await ClickAsync("Create the conference");
    }

    [Then("the access code is shown and emailed to the owner")]
    public async Task AccessCodeIsShownAndEmailed()
    {
        var conference = conferences.Current;
        await Expect(Page.Locator("#created-access-code")).ToHaveTextAsync(conference.AccessCode);
        Assert.Equal(conference.AccessCode, await AccessCodeFromEmailAsync(conference.OwnerEmail));
    }

    [Given("the business customer has signed out")]
    [When("the business customer signs out")]
    public async Task SignOut()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToHaveCountAsync(0);
    }

    [Given("the business customer has located the conference {string} with the email and access code")]
    [When("the business customer locates the conference {string} with the email and access code")]
    public async Task LocateConference(string name)
    {
        var conference = conferences[name];

        // The code as the owner has it: from the email, not from the page.
        var code = await AccessCodeFromEmailAsync(conference.OwnerEmail);
        await LocateAsync(conference.OwnerEmail, code);
        await Expect(Page.Locator("#conference-name")).ToHaveTextAsync(name);
        conferences.MakeCurrent(name);
    }

    [When("the business customer locates the conference {string} with a wrong access code")]
    public Task LocateWithWrongCode(string name)
    {
        var conference = conferences[name];
        var wrong = conference.AccessCode == "AAAAAA" ? "BBBBBB" : "AAAAAA";
        return LocateAsync(conference.OwnerEmail, wrong);
    }

    [When("the business customer locates the conference {string} with the access code of {string}")]
    public Task LocateWithAnotherConferencesCode(string name, string other) =>
        LocateAsync(conferences[name].OwnerEmail, conferences[other].AccessCode);

    [Then("the business customer is told that no conference matches")]
    public async Task NoConferenceMatches()
    {
        await Expect(Page.GetByText("No conference matches this email address and access code.")).ToBeVisibleAsync();
        Assert.EndsWith("/conferences/locate", new Uri(Page.Url).AbsolutePath, StringComparison.Ordinal);
    }

    [Then("the conference {string} is shown")]
    public async Task ConferenceIsShown(string name)
    {
        await Expect(Page.Locator("#conference-name")).ToHaveTextAsync(name);
        Assert.Equal($"/conferences/{conferences[name].Slug}", new Uri(Page.Url).AbsolutePath);
    }

    [When("the business customer changes the description to {string}")]
    public Task ChangeDescription(string description) => EditDetailsAsync("Description", description);

    [When("the business customer changes the location to {string}")]
    public Task ChangeLocation(string location) => EditDetailsAsync("Location", location);

    [Then("the conference's description reads {string}")]
    public async Task DescriptionReads(string description)
    {
        await OpenAsync($"/conferences/{conferences.Current.Slug}");
        await Expect(Page.Locator("#detail-description")).ToHaveTextAsync(description);
    }

    [Then("the conference's location reads {string}")]
    public async Task LocationReads(string location)
    {
        await OpenAsync($"/conferences/{conferences.Current.Slug}");
        await Expect(Page.Locator("#detail-location")).ToHaveTextAsync(location);
    }

    [Given("the business customer has published the conference")]
    [When("the business customer publishes the conference")]
    public async Task Publish()
    {
        await OpenAsync($"/conferences/{conferences.Current.Slug}");
        await ClickAsync("Publish");
        await Expect(Page.Locator("#publication-state")).ToHaveTextAsync("Published");
    }

    [When("the business customer unpublishes the conference")]
    public async Task Unpublish()
    {
        await OpenAsync($"/conferences/{conferences.Current.Slug}");
        await ClickAsync("Unpublish");
        await Expect(Page.Locator("#publication-state")).ToHaveTextAsync("Not published");
    }

    [Then("the conference is published")]
    public Task IsPublished() => PublicationStateIsAsync("Published");

    [Then("the conference is not published")]
    public Task IsNotPublished() => PublicationStateIsAsync("Not published");

    [Given("the conference has a seat type {string} priced at {decimal} with a quota of {int}")]
    public async Task AddSeatType(string name, decimal price, int quota)
    {
        await TryToAddSeatType(name, price.ToString(CultureInfo.InvariantCulture), quota);
        await Expect(Page.Locator("#notice")).ToHaveTextAsync($"The seat type '{name}' was added.");
    }

    /// <summary>Columns Name, Price, Quota (as in the book's acceptance tests).</summary>
    [Given("the conference has these seat types:")]
    public async Task AddSeatTypes(Table seatTypes)
    {
        foreach (var seat in seatTypes.CreateSet<SeatTypeRow>())
        {
            await AddSeatType(seat.Name, seat.Price, seat.Quota);
        }
    }

    /// <summary>Everything a registrant needs: the conference created, its seat types defined, then published.</summary>
    [Given("a business customer has published the conference {string} with slug {string} and these seat types:")]
    public async Task CreatePublishedConference(string name, string slug, Table seatTypes)
    {
        await CreateConference(name, slug);
        await AddSeatTypes(seatTypes);
        await Publish();
    }

    [When("the business customer adds a seat type {string} priced at {word} with a quota of {int}")]
    public async Task TryToAddSeatType(string name, string price, int quota)
    {
        await OpenAsync($"/conferences/{conferences.Current.Slug}/seats/create");
        await Page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await Page.GetByLabel("Description", new() { Exact = true }).FillAsync(name + " for every day of the conference");
        await Page.GetByLabel("Price", new() { Exact = true }).FillAsync(price);
        await Page.GetByLabel("Quota", new() { Exact = true }).FillAsync(quota.ToString(CultureInfo.InvariantCulture));
        await ClickAsync("Add the seat type");
    }

    [When("the business customer changes the quota of {string} to {int}")]
    public async Task ChangeQuota(string name, int quota)
    {
        await OpenAsync($"/conferences/{conferences.Current.Slug}/seats");
        await Page.GetByRole(AriaRole.Link, new() { Name = $"Edit {name}", Exact = true }).ClickAsync();
        await Page.GetByLabel("Quota", new() { Exact = true }).FillAsync(quota.ToString(CultureInfo.InvariantCulture));
        await ClickAsync("Save the seat type");
        await Expect(Page.Locator("#notice")).ToHaveTextAsync($"The seat type '{name}' was saved.");
    }

    [Then("the seat type {string} has a quota of {int}")]
    public async Task SeatTypeHasQuota(string name, int quota)
    {
        await OpenAsync($"/conferences/{conferences.Current.Slug}/seats");
        await Expect(SeatTypeRow(name).Locator(".seat-quota")).ToHaveTextAsync(quota.ToString(CultureInfo.InvariantCulture));
    }

    [Then("the seat type {string} is priced at {decimal}")]
    public async Task SeatTypeIsPricedAt(string name, decimal price)
    {
        await OpenAsync($"/conferences/{conferences.Current.Slug}/seats");
        await Expect(SeatTypeRow(name).Locator(".seat-price")).ToHaveTextAsync(price.ToString("0.00", CultureInfo.InvariantCulture));
    }

    [When("the business customer deletes the seat type {string}")]
    public async Task DeleteSeatType(string name)
    {
        await OpenAsync($"/conferences/{conferences.Current.Slug}/seats");
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Delete {name}", Exact = true }).ClickAsync();
        await Expect(Page.Locator("#notice")).ToHaveTextAsync($"The seat type '{name}' was deleted.");
    }

    [Then("the seat type {string} is no longer listed")]
    public async Task SeatTypeIsNotListed(string name)
    {
        await OpenAsync($"/conferences/{conferences.Current.Slug}/seats");
        await Expect(SeatTypeRow(name)).ToHaveCountAsync(0);
    }

    [Then("the seat type {string} cannot be deleted")]
    public async Task SeatTypeCannotBeDeleted(string name)
    {
        var seats = $"/conferences/{conferences.Current.Slug}/seats";
        await OpenAsync(seats);
        await Expect(SeatTypeRow(name)).ToHaveCountAsync(1);
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = $"Delete {name}", Exact = true })).ToHaveCountAsync(0);
        await Expect(Page.Locator("#no-delete-note")).ToContainTextAsync("can no longer be deleted");

        // Even a delete request sent without the button is refused.
        var editLink = await Page.GetByRole(AriaRole.Link, new() { Name = $"Edit {name}", Exact = true }).GetAttributeAsync("href");
        var deletePath = editLink!.Replace("/edit", "/delete", StringComparison.Ordinal);
        var response = await PostDirectlyAsync(deletePath);
        Assert.Equal(302, response.Status);
        await OpenAsync(seats);
        await Expect(Page.Locator("#error")).ToContainTextAsync("Seat types cannot be deleted once the conference has been published");
        await Expect(SeatTypeRow(name)).ToHaveCountAsync(1);
    }

    [Then("the form says {string}")]
    public Task FormSays(string message) => Expect(Page.GetByText(message, new() { Exact = true }).First).ToBeVisibleAsync();

    [When("the business customer opens the {word} page of the conference {string} by its address")]
    public async Task OpenPageByAddress(string page, string name)
    {
        var conference = conferences[name];
        var suffix = page switch
        {
            "details" => string.Empty,
            "edit" => "/edit",
            "seats" => "/seats",
            "new-seat" => "/seats/create",
            "orders" => "/orders",
            _ => throw new ArgumentException($"Unknown page '{page}': use details, edit, seats, new-seat or orders.", nameof(page)),
        };
        await OpenAsync($"/conferences/{conference.Slug}{suffix}");
    }

    [Then("access is denied and nothing of the conference {string} is shown")]
    public async Task AccessIsDenied(string name)
    {
        var conference = conferences[name];
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Not your conference");
        var content = await Page.ContentAsync();
        Assert.DoesNotContain(conference.Name, content, StringComparison.Ordinal);
        Assert.DoesNotContain(conference.AccessCode, content, StringComparison.Ordinal);
        Assert.DoesNotContain(conference.OwnerEmail, content, StringComparison.Ordinal);
    }

    [When("the business customer sends a request to publish the conference {string}")]
    public async Task SendPublishRequest(string name)
    {
        var response = await PostDirectlyAsync($"/conferences/{conferences[name].Slug}/publish");
        Assert.Equal(302, response.Status);
        Assert.Equal("/conferences/denied", new Uri(new Uri("http://localhost"), response.Headers["location"]).AbsolutePath);
    }

    private async Task OpenAsync(string path)
    {
        var site = await system.AdminSiteAsync();
        await browser.GoToAsync(site.Url(path));
    }

    private Task ClickAsync(string button) =>
        Page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();

    private ILocator SeatTypeRow(string name) => Page.Locator($"#seat-types tr[data-seat-type=\"{name.Replace("\"", "\\\"", StringComparison.Ordinal)}\"]");

    private async Task PublicationStateIsAsync(string state)
    {
        await OpenAsync($"/conferences/{conferences.Current.Slug}");
        await Expect(Page.Locator("#publication-state")).ToHaveTextAsync(state);
    }

    private async Task FillConferenceFormAsync(string name, string slug, string email, string confirmEmail, string start, string end)
    {
        await Page.GetByLabel("Owner's name", new() { Exact = true }).FillAsync("William Flash");
        await Page.GetByLabel("Owner's email", new() { Exact = true }).FillAsync(email);
        await Page.GetByLabel("Confirm the email", new() { Exact = true }).FillAsync(confirmEmail);
        await Page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await Page.GetByLabel("Slug", new() { Exact = true }).FillAsync(slug);
        await Page.GetByLabel("Description", new() { Exact = true }).FillAsync(name + " (Original)");
        await Page.GetByLabel("Location", new() { Exact = true }).FillAsync("Redmond, WA");
        await Page.GetByLabel("Tagline", new() { Exact = true }).FillAsync("Commands, queries and events");
        await Page.GetByLabel("Twitter search", new() { Exact = true }).FillAsync("#cqrs");
        await Page.GetByLabel("Start date", new() { Exact = true }).FillAsync(start);
        await Page.GetByLabel("End date", new() { Exact = true }).FillAsync(end);
    }

    private async Task EditDetailsAsync(string label, string value)
    {
        await OpenAsync($"/conferences/{conferences.Current.Slug}");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Edit the details" }).ClickAsync();
        await Page.GetByLabel(label, new() { Exact = true }).FillAsync(value);
        await ClickAsync("Save the changes");
        await Expect(Page.Locator("#notice")).ToHaveTextAsync("The conference's details were saved.");
    }

    private async Task LocateAsync(string email, string accessCode)
    {
        await OpenAsync("/conferences/locate");
        await Page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await Page.GetByLabel("Access code", new() { Exact = true }).FillAsync(accessCode);
        await ClickAsync("Open the conference");
        await Page.WaitForLoadStateAsync();
    }

    /// <summary>A form POST from this browser (its cookies, the current page's antiforgery token), as a hand-made request would be.</summary>
    private async Task<IAPIResponse> PostDirectlyAsync(string path)
    {
        var token = await Page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var form = Page.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token!);
        var site = await system.AdminSiteAsync();
        return await Page.Context.APIRequest.PostAsync(site.Url(path).ToString(), new() { Form = form, MaxRedirects = 0 });
    }

    /// <summary>The access code in the newest email to <paramref name="email"/> (bounded wait: the site writes it before answering).</summary>
    private async Task<string> AccessCodeFromEmailAsync(string email)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (Directory.Exists(system.MailDirectory))
            {
                var message = Directory.GetFiles(system.MailDirectory, "*.eml")
                    .Select(File.ReadAllText)
                    .LastOrDefault(m => m.Contains($"To: {email}\r\n", StringComparison.OrdinalIgnoreCase));
                if (message is not null && AccessCodeLine().Match(message) is { Success: true } match)
                {
                    return match.Groups[1].Value;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"No email with an access code reached {email} in {system.MailDirectory}.");
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"Access code: ([A-Z0-9]+)")]
    private static partial Regex AccessCodeLine();
}

/// <summary>A row of a seat-types table.</summary>
public sealed record SeatTypeRow(string Name, decimal Price, int Quota);
