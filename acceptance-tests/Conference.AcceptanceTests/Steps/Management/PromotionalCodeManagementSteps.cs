using System.Globalization;
using System.Text.RegularExpressions;
using Conference.AcceptanceTests.Drivers;
using Microsoft.Playwright;
using Reqnroll;
using Reqnroll.Assist;
using static Microsoft.Playwright.Assertions;

namespace Conference.AcceptanceTests.Steps.Management;

public sealed record PromotionalCodeListRow(string Code, string Discount, string AppliesTo, string Quota);

public sealed record RefusedPromotionalCodeRow(string Code, string Amount, string Kind, string AppliesTo, string Quota, string Message);

/// <summary>
/// The business customer on the Promotional codes page of their conference: adding and changing codes
/// through the form, and the form's messages for bad input (each answer a page, never a server error).
/// </summary>
[Binding]
[Scope(Tag = "management")]
public sealed partial class PromotionalCodeManagementSteps(BrowserDriver browser, SystemUnderTest system, ManagementContext conferences)
{
    private IPage Page => browser.Page;

    [When("the business customer adds the promotional code {string} of {decimal} percent for {string} with a quota of {int}")]
    public async Task AddPercentageCode(string code, decimal amount, string appliesTo, int quota)
    {
        await TryToAddAsync(code, amount.ToString(CultureInfo.InvariantCulture), "percent", appliesTo, quota.ToString(CultureInfo.InvariantCulture));
        await ExpectSavedAsync(code);
    }

    [When("the business customer adds the promotional code {string} of {decimal} off the order for {string} with no quota")]
    public async Task AddAmountCode(string code, decimal amount, string appliesTo)
    {
        await TryToAddAsync(code, amount.ToString(CultureInfo.InvariantCulture), "amount", appliesTo, string.Empty);
        await ExpectSavedAsync(code);
    }

    [When("the business customer tries to add the promotional code {string} of {decimal} percent for {string} with a quota of {int}")]
    public Task TryToAddPercentageCode(string code, decimal amount, string appliesTo, int quota) =>
        TryToAddAsync(code, amount.ToString(CultureInfo.InvariantCulture), "percent", appliesTo, quota.ToString(CultureInfo.InvariantCulture));

    [When("the business customer changes the promotional code {string} to {decimal} percent with a quota of {int}")]
    public async Task ChangeCode(string code, decimal amount, int quota)
    {
        await OpenAsync("/promotional-codes");
        await Page.GetByRole(AriaRole.Link, new() { Name = $"Edit {code}", Exact = true }).ClickAsync();
        await Expect(Page.GetByLabel("Code", new() { Exact = true })).ToHaveValueAsync(code);
        await Page.GetByLabel("Amount", new() { Exact = true }).FillAsync(amount.ToString(CultureInfo.InvariantCulture));
        await Page.GetByLabel("Quota (uses)", new() { Exact = true }).FillAsync(quota.ToString(CultureInfo.InvariantCulture));
        await SaveAsync();
        await ExpectSavedAsync(code);
    }

    [Then("the promotional codes read:")]
    public async Task CodesRead(Table table)
    {
        var expected = table.CreateSet<PromotionalCodeListRow>().ToList();
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (true)
        {
            // The codes reach the list through the processor: reload until it shows them.
            await OpenAsync("/promotional-codes");
            var shown = await ShownAsync();
            var want = expected.Select(r => $"{r.Code} | {r.Discount} | {r.AppliesTo} | {r.Quota}").ToList();
            if (shown.SequenceEqual(want))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The promotional codes read\n{string.Join('\n', shown)}\nnot\n{string.Join('\n', want)}");
            await Page.WaitForTimeoutAsync(500);
        }
    }

    [Then("each of these promotional codes is refused with its message:")]
    public async Task EachIsRefused(Table table)
    {
        foreach (var row in table.CreateSet<RefusedPromotionalCodeRow>())
        {
            await TryToAddAsync(row.Code, row.Amount, row.Kind, row.AppliesTo, row.Quota);
            await FormSaysAsync(row.Message);
        }
    }

    [Then("the conference has no promotional codes")]
    public async Task NoCodes()
    {
        await OpenAsync("/promotional-codes");
        await Expect(Page.Locator("#no-promotional-codes")).ToHaveTextAsync("No promotional codes yet.");
    }

    private async Task FormSaysAsync(string message)
    {
        await Expect(Page.Locator("#promotional-code-form")).ToBeVisibleAsync();
        await Expect(Page.Locator("#promotional-code-form .field-validation-error").Filter(new() { HasText = message })).ToHaveCountAsync(1);
    }

    /// <summary>Fills the Add form; <paramref name="code"/> "500 x A" is 500 letters A (past the field's length limit); <paramref name="appliesTo"/> "an unknown seat type" is a checkbox whose value no seat type has.</summary>
    private async Task TryToAddAsync(string code, string amount, string kind, string appliesTo, string quota)
    {
        await OpenAsync("/promotional-codes");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Add a promotional code", Exact = true }).ClickAsync();
        var repeated = Repeated().Match(code);
        var field = Page.GetByLabel("Code", new() { Exact = true });
        if (repeated.Success)
        {
            // The field keeps a person to 20 characters; a longer code comes only from a hand-made request, which this is.
            await Expect(field).ToHaveAttributeAsync("maxlength", "20");
            await field.EvaluateAsync("input => input.removeAttribute('maxlength')");
        }

        await field.FillAsync(repeated.Success ? new string(repeated.Groups[2].Value[0], int.Parse(repeated.Groups[1].Value, CultureInfo.InvariantCulture)) : code);
        await Page.GetByLabel("Discount", new() { Exact = true }).SelectOptionAsync(kind == "percent" ? "Percentage" : "AmountOffOrder");
        await Page.GetByLabel("Amount", new() { Exact = true }).FillAsync(amount);
        if (appliesTo == "an unknown seat type")
        {
            // What a stale page or a hand-made request would send: a seat type id the conference does not have.
            await Page.Locator("#promotional-code-form input[name=SeatTypes]").First.EvaluateAsync("(box, id) => { box.value = id; box.checked = true; }", Guid.NewGuid().ToString());
        }
        else if (appliesTo != "all")
        {
            foreach (var seatType in appliesTo.Split(',', StringSplitOptions.TrimEntries))
            {
                await Page.GetByLabel(seatType, new() { Exact = true }).CheckAsync();
            }
        }

        await Page.GetByLabel("Quota (uses)", new() { Exact = true }).FillAsync(quota);
        await SaveAsync();
    }

    /// <summary>Saves the form; whatever is wrong with it, the site answers with a page, not a server error.</summary>
    private async Task SaveAsync()
    {
        var response = await Page.RunAndWaitForResponseAsync(
            () => Page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.True(response.Status < 500, $"Saving the promotional code answered {response.Status}.");
        await Page.WaitForLoadStateAsync();
    }

    private async Task ExpectSavedAsync(string code) =>
        await Expect(Page.Locator("#notice")).ToContainTextAsync($"The promotional code {code} was saved");

    private async Task<List<string>> ShownAsync()
    {
        if (await Page.Locator("#promotional-codes").CountAsync() == 0)
        {
            return [];
        }

        var rows = Page.Locator("#promotional-codes tbody tr");
        var shown = new List<string>();
        for (var i = 0; i < await rows.CountAsync(); i++)
        {
            var row = rows.Nth(i);
            var cells = new[] { ".code", ".discount", ".applies-to", ".quota" };
            var texts = new List<string>();
            foreach (var cell in cells)
            {
                texts.Add(((await row.Locator(cell).TextContentAsync()) ?? string.Empty).Trim());
            }

            shown.Add(string.Join(" | ", texts));
        }

        return shown;
    }

    private async Task OpenAsync(string suffix)
    {
        var site = await system.AdminSiteAsync();
        await browser.GoToAsync(site.Url($"/conferences/{conferences.Current.Slug}{suffix}"));
    }

    [GeneratedRegex(@"^(\d+) x (\w)$")]
    private static partial Regex Repeated();
}
