using System.Globalization;
using Conference.AcceptanceTests.Drivers;
using Conference.AcceptanceTests.Steps.Management;
using Conference.AcceptanceTests.Steps.Registration;
using Microsoft.Playwright;
using Reqnroll;
using Reqnroll.Assist;

namespace Conference.AcceptanceTests.Steps.Audit;

/// <summary>A page of a site to audit: a name for messages and its path, with placeholders.</summary>
public sealed record AuditedPageRow(string Page, string Path);

/// <summary>
/// Every page audited (axe-core, 375 px), the registrant's pages used from the keyboard only, and
/// the screenshots of the documentation (saved when CONFERENCE_DOCS_SCREENSHOTS=1).
/// </summary>
[Binding]
public sealed class AuditSteps(BrowserDriver browser, RegistrationDriver registration, RegistrantContext registrant, SystemUnderTest system, ManagementContext conferences)
{
    /// <summary>Set to 1 to have the scenarios write docs/screenshots/*.png.</summary>
    public const string ScreenshotsVariable = "CONFERENCE_DOCS_SCREENSHOTS";

    private IPage Page => browser.Page;

    [Then("these pages of the registration site pass the audit:")]
    public async Task ThenThesePagesOfTheRegistrationSitePassTheAudit(Table table)
    {
        await AuditAsync(table, path => registration.Url(path.Replace("{conference}", registration.Slug, StringComparison.Ordinal)
            .Replace("{unknown order}", Guid.NewGuid().ToString(), StringComparison.Ordinal)));
    }

    [Then("these pages of the management site pass the audit:")]
    public async Task ThenThesePagesOfTheManagementSitePassTheAudit(Table table)
    {
        var site = await system.AdminSiteAsync();
        var slug = conferences.Current.Slug;
        string? seatTypeEdit = null;
        if (table.Rows.Any(r => r["Path"].Contains("{seat type}", StringComparison.Ordinal)))
        {
            await browser.GoToAsync(site.Url($"/conferences/{slug}/seats"));
            seatTypeEdit = await Page.Locator("#seat-types a[href$='/edit']").First.GetAttributeAsync("href");
        }

        await AuditAsync(table, path => site.Url(path.Replace("{conference}", slug, StringComparison.Ordinal)
            .Replace("{seat type}", seatTypeEdit ?? string.Empty, StringComparison.Ordinal)));
    }

    [Given("the screen is {int} × {int} pixels")]
    public async Task GivenTheScreenIs(int width, int height)
    {
        var page = await browser.GetPageAsync();
        await page.SetViewportSizeAsync(width, height);
    }

    [When("the registrant opens the conference page")]
    public async Task WhenTheRegistrantOpensTheConferencePage() =>
        await browser.GoToAsync(registration.Url($"/{registration.Slug}"));

    [Then("the page fits the screen")]
    public async Task ThenThePageFitsTheScreen()
    {
        var problems = await PageAudit.SmallScreenLayoutProblemsAsync(Page);
        Assert.True(problems.Count == 0, $"{Page.Url} at {Page.ViewportSize?.Width} px:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    [Then("the page is the documentation's screenshot {string}")]
    public async Task ThenThePageIsTheDocumentationsScreenshot(string name)
    {
        if (Environment.GetEnvironmentVariable(ScreenshotsVariable) != "1")
        {
            return;
        }

        // The page settled, without the focus ring the last step's Tab left on a control.
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Page.EvaluateAsync("() => document.activeElement?.blur()");
        var width = Page.ViewportSize?.Width ?? 0;
        var file = Path.Combine(RepositoryPaths.Root, "docs", "screenshots", string.Create(CultureInfo.InvariantCulture, $"{name}-{width}.png"));
        await PageAudit.SaveScreenshotAsync(Page, file);
    }

    [When("the registrant chooses {int} {string} seats and reserves them with the keyboard only")]
    public async Task WhenTheRegistrantChoosesSeatsWithTheKeyboardOnly(int quantity, string seatType)
    {
        var select = await TabToAsync(seatType);
        for (var i = 0; i < quantity; i++)
        {
            await Page.Keyboard.PressAsync("ArrowDown");
        }

        Assert.Equal(quantity.ToString(CultureInfo.InvariantCulture), await select.InputValueAsync());
        await TabToAsync("Reserve these seats");
        await Page.Keyboard.PressAsync("Enter");
        await RegistrationSteps.WaitForRegistrantPageAsync(Page);
    }

    [When("the registrant enters these details and proceeds to payment with the keyboard only: {string} {string} {string}")]
    public async Task WhenTheRegistrantEntersTheseDetailsWithTheKeyboardOnly(string firstName, string lastName, string email)
    {
        registrant.Email = email.Replace("@", $"+{Guid.NewGuid():N}"[..9] + "@", StringComparison.Ordinal);
        await TabToAsync("First name");
        await Page.Keyboard.TypeAsync(firstName);
        await TabToAsync("Last name");
        await Page.Keyboard.TypeAsync(lastName);
        await TabToAsync("Email");
        await Page.Keyboard.TypeAsync(registrant.Email);
        await TabToAsync("Proceed to payment");
        await Page.Keyboard.PressAsync("Enter");
        await RegistrationSteps.WaitUntilAsync(Page, p => p.GetByRole(AriaRole.Button, new() { Name = "Accept" }));
    }

    [When("the registrant accepts the payment with the keyboard only")]
    public async Task WhenTheRegistrantAcceptsThePaymentWithTheKeyboardOnly()
    {
        await TabToAsync("Accept");
        await Page.Keyboard.PressAsync("Enter");
        await RegistrationSteps.WaitUntilAsync(Page, p => p.Locator("#access-code"));
    }

    private async Task AuditAsync(Table table, Func<string, Uri> url)
    {
        var failures = new List<string>();
        foreach (var row in table.CreateSet<AuditedPageRow>())
        {
            var response = await (await browser.GetPageAsync()).GotoAsync(url(row.Path).ToString());
            if (response is not null && response.Status >= 500)
            {
                failures.Add($"{row.Page} ({Page.Url}) answered {response.Status}");
                continue;
            }

            var problems = await PageAudit.FindProblemsAsync(Page);
            if (problems.Count > 0)
            {
                failures.Add($"{row.Page} ({Page.Url}):{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>
    /// Presses Tab until the control named <paramref name="name"/> (by its label or text) has the
    /// focus, which must be visible; fails naming the focus order when it never comes.
    /// </summary>
    private async Task<ILocator> TabToAsync(string name)
    {
        var order = new List<string>();
        for (var presses = 0; presses < 40; presses++)
        {
            await Page.Keyboard.PressAsync("Tab");
            var focused = await Page.EvaluateAsync<string[]>(
                """
                () => {
                  const e = document.activeElement;
                  if (!e || e === document.body) return ['', 'false'];
                  const name = ((e.labels && e.labels[0]?.textContent) || e.textContent || e.value || '').trim();
                  const style = getComputedStyle(e);
                  const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
                  const visible = outlined || style.boxShadow !== 'none';
                  return [name, String(visible)];
                }
                """);
            order.Add(focused[0]);
            if (string.Equals(focused[0], name, StringComparison.Ordinal))
            {
                Assert.True(focused[1] == "true", $"\"{name}\" has the focus but does not show it (no outline or shadow).");
                return Page.Locator("*:focus");
            }
        }

        throw new InvalidOperationException($"Tab never reached \"{name}\" on {Page.Url}; the focus went through: {string.Join(" → ", order.Select(o => $"\"{o}\""))}.");
    }
}
