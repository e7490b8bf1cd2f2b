using System.Globalization;
using Conference.AcceptanceTests.Drivers;
using Microsoft.Playwright;
using Reqnroll;

namespace Conference.AcceptanceTests.Steps.Registration;

/// <summary>Two registrants, each in a browser of their own, submit for the last seats at the same moment.</summary>
[Binding]
[Scope(Tag = "registration")]
public sealed class RaceSteps(RegistrationDriver system, BrowserDriver browser)
{
    private readonly List<Guid> orders = [];

    [When("two registrants each submit {int} {string} seats at the same time")]
    public async Task WhenTwoRegistrantsSubmit(int quantity, string seatType)
    {
        await browser.GetPageAsync();
        var pages = new List<IPage>();
        for (var i = 0; i < 2; i++)
        {
            var context = await browser.Browser.NewContextAsync();
            var page = await context.NewPageAsync();
            await page.GotoAsync(system.Url($"/{system.Slug}/register").ToString());
            await page.GetByLabel(seatType, new() { Exact = true }).SelectOptionAsync(quantity.ToString(CultureInfo.InvariantCulture));
            orders.Add(Guid.Parse(await page.Locator("#Form_OrderId").InputValueAsync()));
            pages.Add(page);
        }

        await Task.WhenAll(pages.Select(p => p.GetByRole(AriaRole.Button, new() { Name = "Reserve these seats" }).ClickAsync()));
        await Task.WhenAll(pages.Select(RegistrationSteps.WaitForRegistrantPageAsync));
    }

    [Then("together they hold at most {int} {string} seats")]
    public async Task ThenTogetherTheyHoldAtMost(int quota, string seatType)
    {
        var reserved = 0;
        foreach (var id in orders)
        {
            var order = await system.FindOrderAsync(id);
            Assert.NotNull(order);
            reserved += order.Lines.Where(l => l.SeatType == system.SeatTypes[seatType]).Sum(l => l.ReservedSeats);
        }

        Assert.Equal(quota, reserved);
        var available = (await system.SeatTypesAsync()).Single(t => t.Name == seatType).AvailableQuantity;
        Assert.Equal(0, available);
    }
}
