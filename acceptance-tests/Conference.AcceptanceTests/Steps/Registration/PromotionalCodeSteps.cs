using Conference.AcceptanceTests.Drivers;
using Discounts.Contracts;
using Microsoft.Playwright;
using Reqnroll;
using Reqnroll.Assist;

namespace Conference.AcceptanceTests.Steps.Registration;

public sealed record PromotionalCodeRow(string Code, decimal Discount, string Kind, string Quota, string AppliesTo, string Combining);

/// <summary>Step definitions of the promotional codes feature.</summary>
[Binding]
[Scope(Tag = "registration")]
public sealed class PromotionalCodeSteps(RegistrationDriver system, BrowserDriver browser)
{
    private Guid otherOrder;

    private IPage Page => browser.Page;

    [Given("these promotional codes:")]
    public Task GivenThesePromotionalCodes(Table table) =>
        system.DefinePromotionalCodesAsync([.. table.CreateSet<PromotionalCodeRow>()]);

    [Given("the registrant enters the promotional codes {string}")]
    [When("the registrant enters the promotional codes {string}")]
    public async Task WhenTheRegistrantEntersThePromotionalCodes(string codes)
    {
        await Page.GetByLabel("Codes (separated by spaces)").FillAsync(codes);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#promotional-code-outcomes")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    [Then("the code {string} is applied")]
    public Task ThenTheCodeIsApplied(string code) => OutcomeIsAsync(code, "true");

    [Then("the code {string} is refused")]
    public Task ThenTheCodeIsRefused(string code) => OutcomeIsAsync(code, "false");

    [When("another registrant enters {string} on an order of {int} {string} and {int} {string}")]
    public async Task WhenAnotherRegistrantEnters(string code, int firstQuantity, string firstSeatType, int secondQuantity, string secondSeatType) =>
        otherOrder = await system.PlaceOrderWithCodesDirectlyAsync([(firstSeatType, firstQuantity), (secondSeatType, secondQuantity)], [code]);

    [Then("the other registrant's code {string} is refused as used up")]
    public async Task ThenTheOtherRegistrantsCodeIsRefusedAsUsedUp(string code)
    {
        var outcome = await system.PromotionalCodeOutcomeAsync(otherOrder, code);
        Assert.Equal(PromotionalCodeRefusal.UsedUp, outcome);
    }

    private async Task OutcomeIsAsync(string code, string accepted) =>
        await Assertions.Expect(Page.Locator($"#promotional-code-outcomes li[data-code='{code}']")).ToHaveAttributeAsync("data-accepted", accepted);
}
