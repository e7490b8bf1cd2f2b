using Reqnroll;

namespace Conference.AcceptanceTests.Drivers;

/// <summary>
/// Every step of a product scenario that leaves the browser on a page has that page audited
/// (<see cref="PageAudit"/>): axe-core serious or critical violations, or a layout that does not
/// fit 375 px, fail the step. Pages of a shape already audited in the run are skipped.
/// </summary>
[Binding]
public sealed class PageAuditHooks(BrowserDriver browser, ScenarioContext scenario, IReqnrollOutputHelper output)
{
    [AfterStep("registration", "management", "journey")]
    public async Task AuditThePageAsync()
    {
        if (!browser.IsStarted || browser.Page.IsClosed || scenario.TestError is not null || !browser.Page.Url.StartsWith("http", StringComparison.Ordinal))
        {
            return;
        }

        if (await PageAudit.AuditOnceAsync(browser.Page))
        {
            output.WriteLine($"Page audit passed: {browser.Page.Url}");
        }
    }
}
