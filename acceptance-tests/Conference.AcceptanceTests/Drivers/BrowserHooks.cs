using Reqnroll;

namespace Conference.AcceptanceTests.Drivers;

/// <summary>
/// When a scenario that opened a page fails, its screenshot and HTML are saved under
/// .test-results/acceptance/ and attached to the scenario; then the scenario's Chromium is closed.
/// </summary>
[Binding]
public sealed class BrowserHooks(BrowserDriver browser, ScenarioContext scenario, FeatureContext feature, IReqnrollOutputHelper output)
{
    [AfterScenario(Order = 0)]
    public async Task SaveEvidenceAndCloseTheBrowserAsync()
    {
        try
        {
            if (browser.IsStarted && (scenario.TestError is not null || scenario.ScenarioExecutionStatus != ScenarioExecutionStatus.OK))
            {
                var values = scenario.ScenarioInfo.Arguments.Values.Cast<object?>().Select(v => v?.ToString() ?? string.Empty);
                var name = BrowserDriver.FileName(feature.FeatureInfo.Title + " - " + scenario.ScenarioInfo.Title, values);
                foreach (var file in await browser.SaveFailureArtifactsAsync(name))
                {
                    output.WriteLine((file.EndsWith(".png", StringComparison.Ordinal) ? "Screenshot: " : $"Page HTML ({browser.Page.Url}): ") + RepositoryPaths.Display(file));
                    output.AddAttachment(file);
                }
            }
        }
        finally
        {
            await browser.DisposeAsync();
        }
    }
}
