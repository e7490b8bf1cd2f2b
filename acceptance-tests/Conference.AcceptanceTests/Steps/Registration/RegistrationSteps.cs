using System.Globalization;
using System.Text.RegularExpressions;
using Conference.AcceptanceTests.Drivers;
using Microsoft.Playwright;
using Reqnroll;
using Reqnroll.Assist;

namespace Conference.AcceptanceTests.Steps.Registration;

/// <summary>What the registrant did in this scenario, shared by the registration bindings.</summary>
public sealed class RegistrantContext
{
    public Guid OrderId { get; set; }

    public string? Email { get; set; }

    public string? AccessCode { get; set; }

    /// <summary>The order another registrant placed in this scenario, if any.</summary>
    public Guid? OtherOrderId { get; set; }
}

public sealed record SeatChoiceRow(string SeatType, int Quantity);

public sealed record AttendeeRow(string SeatType, string FirstName, string LastName, string Email);

/// <summary>Step definitions of the registrant features (self-registration, availability, find order).</summary>
[Binding]
[Scope(Tag = "registration")]
public sealed partial class RegistrationSteps(RegistrationDriver system, BrowserDriver browser, RegistrantContext registrant)
{
    private IPage Page => browser.Page;

    [Given("the reservation window is {int} seconds")]
    public void GivenTheReservationWindowIs(int seconds) =>
        system.UseSeparateHosts("short-window", new Dictionary<string, string>
        {
            ["Conference__Registration__ReservationWindow"] = TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture),
        });

    [Given("the published conference {string} with these seat types:")]
    public Task GivenThePublishedConference(string name, Table table) =>
        system.SeedConferenceAsync(name, [.. table.CreateSet<SeatTypeRow>()]);

    [Given("another registrant has reserved {int} {string} seats")]
    public async Task GivenAnotherRegistrantHasReserved(int quantity, string seatType) =>
        registrant.OtherOrderId = await system.PlaceOrderDirectlyAsync(seatType, quantity);

    [Given("the registrant opens the seat selection")]
    [When("the registrant opens the seat selection")]
    public async Task WhenTheRegistrantOpensTheSeatSelection()
    {
        await browser.GoToAsync(system.Url($"/{system.Slug}/register"));
        var orderId = await Page.Locator("#Form_OrderId").InputValueAsync();
        registrant.OrderId = Guid.Parse(orderId);
    }

    [Given("the registrant selects these seats:")]
    [When("the registrant selects these seats:")]
    public async Task WhenTheRegistrantSelectsTheseSeats(Table table)
    {
        if (!browser.IsStarted || !Page.Url.Contains("/register", StringComparison.Ordinal))
        {
            await WhenTheRegistrantOpensTheSeatSelection();
        }

        foreach (var row in table.CreateSet<SeatChoiceRow>())
        {
            await Page.GetByLabel(row.SeatType, new() { Exact = true }).SelectOptionAsync(row.Quantity.ToString(CultureInfo.InvariantCulture));
        }
    }

    [Given("the registrant proceeds to make the reservation")]
    [When("the registrant proceeds to make the reservation")]
    public async Task WhenTheRegistrantProceedsToMakeTheReservation()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Reserve these seats" }).ClickAsync();
        await WaitForRegistrantPageAsync(Page);
    }

    [Then("the reservation is confirmed for all the selected seats")]
    public async Task ThenTheReservationIsConfirmedForAll() =>
        Assert.Equal("Your seats are reserved.", (await Page.Locator("#reservation-confirmed").TextContentAsync())?.Trim());

    [Then("the reservation is partial")]
    public async Task ThenTheReservationIsPartial() =>
        Assert.Contains("could not reserve all the seats", await Page.Locator("#partial-reservation").TextContentAsync(), StringComparison.Ordinal);

    [Then("these seats are reserved:")]
    public async Task ThenTheseSeatsAreReserved(Table table)
    {
        foreach (var row in table.CreateSet<SeatChoiceRow>())
        {
            var cells = Page.Locator("#reservation tbody tr").Filter(new() { HasText = row.SeatType }).Locator("td");
            Assert.Equal(row.Quantity.ToString(CultureInfo.InvariantCulture), (await cells.Nth(2).TextContentAsync())?.Trim());
        }
    }

    [Then("the total should read {string}")]
    public async Task ThenTheTotalShouldRead(string total) =>
        Assert.Equal(total, (await Page.Locator("#total").TextContentAsync())?.Trim());

    [Then("the countdown started")]
    public async Task ThenTheCountdownStarted()
    {
        var countdown = Page.Locator("#countdown");
        await Assertions.Expect(countdown).ToHaveAttributeAsync("data-started", "true");
        var first = await countdown.TextContentAsync();
        await Assertions.Expect(countdown).Not.ToHaveTextAsync(first!, new() { Timeout = 5_000 });
        Assert.Matches(@"^\d\d:\d\d$", (await countdown.TextContentAsync())!.Trim());
    }

    [Given("the registrant enters these details: {string} {string} {string}")]
    [When("the registrant enters these details: {string} {string} {string}")]
    public async Task WhenTheRegistrantEntersTheseDetails(string firstName, string lastName, string email)
    {
        // A unique address per run, so lookups never meet another scenario's order.
        registrant.Email = email.Contains('@', StringComparison.Ordinal) ? email.Replace("@", $"+{Guid.NewGuid():N}"[..9] + "@", StringComparison.Ordinal) : email;
        await Page.GetByLabel("First name").FillAsync(firstName);
        await Page.GetByLabel("Last name").FillAsync(lastName);
        await Page.GetByLabel("Email").FillAsync(registrant.Email);

        // Leave the field as a person would: its validation message shows now, not under the pointer on submit.
        await Page.GetByLabel("Email").PressAsync("Tab");
    }

    [Given("the registrant proceeds to payment")]
    [When("the registrant proceeds to payment")]
    public async Task WhenTheRegistrantProceedsToPayment()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Proceed to payment" }).ClickAsync();
        await WaitUntilAsync(Page, p => p.GetByRole(AriaRole.Button, new() { Name = "Accept" }));
    }

    [When("the registrant submits the details")]
    public async Task WhenTheRegistrantSubmitsTheDetails()
    {
        await Page.Locator("#registrant-details button[type=submit]").ClickAsync();
        await Page.WaitForLoadStateAsync();
    }

    [When("the payment is accepted")]
    public async Task WhenThePaymentIsAccepted()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await WaitUntilAsync(Page, p => p.Locator("#access-code"));
    }

    [When("the payment is rejected")]
    public async Task WhenThePaymentIsRejected()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        await WaitUntilAsync(Page, p => p.Locator("#payment-rejected"));
    }

    [Then("the payment is shown as rejected and the seats are still reserved")]
    public async Task ThenThePaymentIsShownAsRejected()
    {
        Assert.Contains("Your payment was rejected", await Page.Locator("#payment-rejected").TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await Page.GetByRole(AriaRole.Button, new() { Name = "Proceed to payment" }).IsVisibleAsync());
        var order = await system.FindOrderAsync(registrant.OrderId);
        Assert.NotNull(order);
        Assert.NotEqual(global::Registration.ReadModel.DraftOrderState.Confirmed, order.State);
    }

    [Then("the order is confirmed with an access code")]
    public async Task ThenTheOrderIsConfirmedWithAnAccessCode()
    {
        registrant.AccessCode = (await Page.Locator("#access-code").TextContentAsync())?.Trim();
        Assert.Matches("^[A-Z0-9]{6}$", registrant.AccessCode);
    }

    [Then("the access code is emailed to the registrant")]
    public async Task ThenTheAccessCodeIsEmailed()
    {
        var file = Path.Combine(system.System.MailDirectory, $"order-confirmed-{registrant.OrderId:N}.eml");
        await RegistrationDriver.WaitAsync(() => Task.FromResult(File.Exists(file)), "the confirmation email");
        var mail = await File.ReadAllTextAsync(file);
        Assert.Contains($"To: {registrant.Email}", mail, StringComparison.Ordinal);
        Assert.Contains(registrant.AccessCode!, mail, StringComparison.Ordinal);
    }

    [Then("the page shows the message {string}")]
    public async Task ThenThePageShowsTheMessage(string message) =>
        await Assertions.Expect(Page.GetByText(message, new() { Exact = false }).First).ToBeVisibleAsync();

    [Then("the reservation expired page is shown")]
    public async Task ThenTheReservationExpiredPageIsShown()
    {
        await Assertions.Expect(Page.Locator("#expired")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        Assert.Contains("/expired", Page.Url, StringComparison.Ordinal);
    }

    [When("the registrant waits for the reservation to expire")]
    public static Task WhenTheRegistrantWaits() => Task.CompletedTask;

    [Then("the registrant cannot pay any more")]
    public async Task ThenTheRegistrantCannotPay()
    {
        // Going back to the registrant page leads to the expiry page again.
        await browser.GoToAsync(system.Url($"/{system.Slug}/registration/{registrant.OrderId}"));
        await Assertions.Expect(Page.Locator("#expired")).ToBeVisibleAsync();
    }

    [Then("{string} is shown as sold out")]
    public async Task ThenIsShownAsSoldOut(string seatType)
    {
        var row = Page.Locator("tr[data-seat-type]").Filter(new() { HasText = seatType });
        Assert.Equal("Sold out", (await row.Locator("td.available").TextContentAsync())?.Trim());
        Assert.Equal(1, await row.Locator("option").CountAsync());
    }

    [Then("at most {int} {string} seats can be chosen")]
    public async Task ThenAtMostSeatsCanBeChosen(int maximum, string seatType)
    {
        var options = await Page.GetByLabel(seatType, new() { Exact = true }).Locator("option").AllTextContentsAsync();
        Assert.Equal(maximum.ToString(CultureInfo.InvariantCulture), options[^1]);
    }

    [Then("the registrant assigns these seats:")]
    [When("the registrant assigns these seats:")]
    public async Task WhenTheRegistrantAssignsTheseSeats(Table table)
    {
        await FillAttendeesAsync(table);
        await Assertions.Expect(Page.Locator("#notice")).ToBeVisibleAsync();
    }

    [When("the registrant tries to assign these seats:")]
    public async Task WhenTheRegistrantTriesToAssignTheseSeats(Table table)
    {
        await FillAttendeesAsync(table);
        await Page.WaitForLoadStateAsync();
    }

    [When("the server refuses these attendees:")]
    public async Task WhenTheServerRefusesTheseAttendees(Table table)
    {
        // The form goes to the server without the browser's checks (as when its scripts are not
        // loaded yet), so the page comes back with the server's messages under the fields.
        await FillAttendeesAsync(table, submit: false);
        await Page.Locator("#seat-assignments").EvaluateAsync("form => HTMLFormElement.prototype.submit.call(form)");
        await Assertions.Expect(Page.Locator("#seat-assignments .field-validation-error").First).ToBeVisibleAsync();
    }

    [When("the registrant types the last name {string} and clicks {string} once")]
    public async Task WhenTheRegistrantTypesTheLastNameAndClicksOnce(string lastName, string button)
    {
        // The pointer goes to the button while the corrected field still has the focus: the click
        // must land even though leaving the field re-validates it.
        var field = Page.Locator("#seat-assignments input.input-validation-error").First;
        await field.FillAsync(lastName);
        await Page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
    }

    [Then("the attendees are saved")]
    public async Task ThenTheAttendeesAreSaved() =>
        await Assertions.Expect(Page.Locator("#notice")).ToBeVisibleAsync();

    [Then("these seats are assigned:")]
    public async Task ThenTheseSeatsAreAssigned(Table table)
    {
        foreach (var row in table.CreateSet<AttendeeRow>())
        {
            await RegistrationDriver.WaitAsync(
                async () =>
                {
                    await Page.ReloadAsync();
                    var values = await Page.Locator("fieldset.seat").Filter(new() { Has = Page.Locator($"legend:has-text(\"{row.SeatType}\")") })
                        .Locator("input[type=email], input[name$='.Email']").EvaluateAllAsync<string[]>("els => els.map(e => e.value)");
                    return values.Contains(row.Email, StringComparer.OrdinalIgnoreCase);
                },
                $"{row.Email} on a {row.SeatType} seat",
                20);
        }
    }

    [When("someone else finds the order with the registrant's email and access code")]
    public async Task WhenSomeoneElseFindsTheOrder()
    {
        // A fresh browser: only the email and access code can open the order.
        await browser.DisposeAsync();
        await browser.GoToAsync(system.Url($"/{system.Slug}/order/{registrant.OrderId}"));
        await Assertions.Expect(Page.GetByText("We cannot show this order")).ToBeVisibleAsync();
        await browser.GoToAsync(system.Url($"/{system.Slug}/order/find"));
        await Page.GetByLabel("Email").FillAsync(registrant.Email!);
        await Page.GetByLabel("Access code").FillAsync(registrant.AccessCode!);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Find order" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#order-status")).ToHaveTextAsync("Confirmed");
    }

    [When("someone tries to find the order with a wrong access code")]
    public async Task WhenSomeoneTriesAWrongAccessCode()
    {
        await browser.GoToAsync(system.Url($"/{system.Slug}/order/find"));
        await Page.GetByLabel("Email").FillAsync(registrant.Email!);
        await Page.GetByLabel("Access code").FillAsync("ZZZZZZ");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Find order" }).ClickAsync();
    }

    [Then("the registrant unassigns the {string} seat of {string}")]
    [When("the registrant unassigns the {string} seat of {string}")]
    public async Task WhenTheRegistrantUnassigns(string seatType, string email)
    {
        var seat = Page.Locator("fieldset.seat").Filter(new() { Has = Page.Locator($"legend:has-text(\"{seatType}\")") })
            .Filter(new() { Has = Page.Locator($"input[value=\"{email}\"]") });
        await seat.GetByRole(AriaRole.Button, new() { Name = "Unassign" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#notice")).ToHaveTextAsync("The seat is no longer assigned.");
    }

    [Then("no seat is assigned to {string}")]
    public async Task ThenNoSeatIsAssignedTo(string email)
    {
        await Page.ReloadAsync();
        var values = await Page.Locator("input[name$='.Email']").EvaluateAllAsync<string[]>("els => els.map(e => e.value)");
        Assert.DoesNotContain(email, values);
    }

    /// <summary>The registrant page once the reservation is made (it may first say it is still reserving).</summary>
    internal static Task WaitForRegistrantPageAsync(IPage page) => WaitUntilAsync(page, p => p.Locator("#countdown, #nothing-reserved"));

    /// <summary>Reloads "please wait" pages (as their refresh does) until <paramref name="target"/> shows.</summary>
    internal static async Task WaitUntilAsync(IPage page, Func<IPage, ILocator> target)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (await target(page).CountAsync() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited 45 s on {page.Url}: {await page.Locator("main").InnerTextAsync()}");
            if (await page.Locator("#please-wait").CountAsync() > 0)
            {
                await page.WaitForTimeoutAsync(500);
                await page.ReloadAsync();
            }
            else
            {
                await page.WaitForTimeoutAsync(200);
            }
        }
    }

    private async Task FillAttendeesAsync(Table table, bool submit = true)
    {
        if (!Page.Url.EndsWith("/seats", StringComparison.Ordinal))
        {
            await browser.GoToAsync(system.Url($"/{system.Slug}/order/{registrant.OrderId}/seats"));
            await WaitUntilAsync(Page, p => p.Locator("#seat-assignments"));
        }

        var used = new HashSet<int>();
        foreach (var row in table.CreateSet<AttendeeRow>())
        {
            var seats = Page.Locator("fieldset.seat").Filter(new() { Has = Page.Locator($"legend:has-text(\"{row.SeatType}\")") });
            var count = await seats.CountAsync();
            var index = Enumerable.Range(0, count).First(i => !used.Contains(Key(row.SeatType, i)));
            used.Add(Key(row.SeatType, index));
            var seat = seats.Nth(index);
            await seat.GetByLabel("First name").FillAsync(row.FirstName);
            await seat.GetByLabel("Last name").FillAsync(row.LastName);
            await seat.GetByLabel("Email").FillAsync(row.Email);
            await seat.GetByLabel("Email").PressAsync("Tab");
        }

        if (submit)
        {
            await Page.GetByRole(AriaRole.Button, new() { Name = "Save attendees" }).ClickAsync();
        }
    }

    private static int Key(string seatType, int index) => HashCode.Combine(seatType, index);
}
