using System.Globalization;
using Conference.AcceptanceTests.Drivers;
using Reqnroll;
using Reqnroll.Assist;
using static Microsoft.Playwright.Assertions;

namespace Conference.AcceptanceTests.Layer;

/// <summary>What the self-test scenario did, shared by the binding classes of one scenario.</summary>
public sealed class LayerLog
{
    public List<string> Entries { get; } = [];

    public int Tally { get; set; }

    public decimal TotalPrice { get; set; }

    public string? LastSeatType { get; set; }
}

public sealed record SeatTypeRow(string Name, decimal Price, int Quota);

/// <summary>Step definitions of Features/AcceptanceLayer.feature (everything but the browser).</summary>
[Binding]
[Scope(Tag = "layer")]
public sealed class LayerSteps(LayerLog log)
{
    private IReadOnlyList<SeatTypeRow> seatTypes = [];
    private string? body;

    [Given("the layer log is started")]
    public void GivenTheLayerLogIsStarted()
    {
        Assert.Empty(log.Entries);
        log.Entries.Add("background");
    }

    [Given("a tally of {int}")]
    public void GivenATallyOf(int start) => log.Tally = start;

    [When("I add {int} seats of type {string} at {decimal}")]
    public async Task WhenIAddSeats(int seats, string seatType, decimal price)
    {
        // Async on purpose: the runner must await it before the next step reads the tally.
        await Task.Yield();
        log.Tally += seats;
        log.TotalPrice += seats * price;
        log.LastSeatType = seatType;
    }

    [Then("the tally is {int}")]
    public void ThenTheTallyIs(int expected) => Assert.Equal(expected, log.Tally);

    [Then("the last seat type is {string}")]
    public void ThenTheLastSeatTypeIs(string expected) => Assert.Equal(expected, log.LastSeatType);

    [Then("the total price is {decimal}")]
    public void ThenTheTotalPriceIs(decimal expected) => Assert.Equal(expected, log.TotalPrice);

    [Given("the conference code is {word}")]
    public void GivenTheConferenceCodeIs(string code) => log.Entries.Add("code " + code);

    [When(@"^the registrant (\w+ \w+) pays by (card|invoice)$")]
    public void WhenTheRegistrantPays(string name, string method) => log.Entries.Add($"{name} pays by {method}");

    [Then("the log reads {string}")]
    public void ThenTheLogReads(string expected) => Assert.Equal(expected, string.Join(", ", log.Entries));

    [Given("these seat types:")]
    public void GivenTheseSeatTypes(Table table) => seatTypes = [.. table.CreateSet<SeatTypeRow>()];

    [Then("there are {int} seat types with a total quota of {int}")]
    public void ThenThereAreSeatTypes(int count, int quota)
    {
        Assert.Equal(count, seatTypes.Count);
        Assert.Equal(quota, seatTypes.Sum(s => s.Quota));
    }

    [Then("{string} costs {decimal}")]
    public void ThenCosts(string name, decimal price) => Assert.Equal(price, Assert.Single(seatTypes, s => s.Name == name).Price);

    [Given("the e-mail body:")]
    public void GivenTheEmailBody(string docString) => body = docString;

    [Then("the body has {int} lines and mentions {string}")]
    public void ThenTheBodyHasLines(int lines, string text)
    {
        Assert.NotNull(body);
        Assert.Equal(lines, body.Split('\n').Length);
        Assert.Contains(text, body, StringComparison.Ordinal);
    }
}

/// <summary>The in-process form app, started for the scenario that asks for it.</summary>
public sealed class FormAppDriver : IAsyncDisposable
{
    private Microsoft.AspNetCore.Builder.WebApplication? app;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public async Task StartAsync()
    {
        if (app is null)
        {
            (app, var address) = await FormApp.StartAsync();
            BaseAddress = address;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }
    }
}

/// <summary>Browser steps of the self-test: a second binding class sharing the scenario's objects.</summary>
[Binding]
[Scope(Tag = "layer")]
public sealed class LayerBrowserSteps(FormAppDriver formApp, BrowserDriver browser)
{
    [AfterScenario]
    public Task StopTheFormAppAsync() => formApp.DisposeAsync().AsTask();

    [Given("the form app is running")]
    public Task GivenTheFormAppIsRunning() => formApp.StartAsync();

    [When("I open the form app")]
    public Task WhenIOpenTheFormApp() => browser.GoToAsync(formApp.BaseAddress);

    [When("I enter {string} as the name and {int} as the seats")]
    public async Task WhenIEnter(string name, int seats)
    {
        await browser.Page.GetByLabel("Name").FillAsync(name);
        await browser.Page.GetByLabel("Seats").FillAsync(seats.ToString(CultureInfo.InvariantCulture));
    }

    // The click starts the navigation; the steps after it wait for what the next page shows, not for
    // a load event that may have fired (or not yet begun) by the time they look.
    [When("I submit the form")]
    public Task WhenISubmitTheForm() =>
        browser.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Register" }).ClickAsync();

    [Then("the page heading is {string}")]
    public Task ThenThePageHeadingIs(string heading) =>
        Expect(browser.Page.Locator("h1")).ToHaveTextAsync(heading);

    [Then("the page says {string}")]
    public Task ThenThePageSays(string text) =>
        Expect(browser.Page.Locator("#result")).ToHaveTextAsync(text);
}
