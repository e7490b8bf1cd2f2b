using Conference.AcceptanceTests.Drivers;
using Conference.AcceptanceTests.Framework;

namespace Conference.AcceptanceTests.Layer;

/// <summary>A failing browser step leaves a screenshot and the page's HTML, named in the failure.</summary>
[Collection(AcceptanceCollection.Name)]
public sealed class BrowserFailureSpecs
{
    public sealed class Steps(FormAppDriver formApp, BrowserDriver browser)
    {
        [Given("the form is open")]
        public async Task GivenTheFormIsOpen()
        {
            await formApp.StartAsync();
            await browser.GoToAsync(formApp.BaseAddress);
        }

        [Then("the heading is {string}")]
        public async Task ThenTheHeadingIs(string heading) =>
            Assert.Equal(heading, await browser.Page.Locator("h1").TextContentAsync());
    }

    private static readonly ScenarioRunner Runner = new(BindingRegistry.FromTypes(typeof(Steps)));

    private static ScenarioCase Scenario(string title, string heading) => Assert.Single(FeatureFile.Parse("Inline.feature", $"""
        Feature: Layer self-test
          Scenario: {title}
            Given the form is open
            Then the heading is "{heading}"
        """).Scenarios);

    [Fact]
    public async Task A_failed_step_saves_a_full_page_screenshot_and_the_html_and_names_them()
    {
        var scenario = Scenario("Deliberately failing browser step", "Not the heading");
        var screenshot = Path.Combine(RepositoryPaths.FailureArtifacts, "Layer_self-test_-_Deliberately_failing_browser_step.png");
        var html = Path.ChangeExtension(screenshot, ".html");
        Directory.CreateDirectory(RepositoryPaths.FailureArtifacts);
        File.Delete(screenshot);
        File.Delete(html);
        try
        {
            var result = await Runner.RunAsync(scenario);

            Assert.Equal(ScenarioExecutionStatus.TestError, result.Status);
            var failure = Assert.Throws<ScenarioFailedException>(result.ThrowIfFailed);
            Assert.Contains("Screenshot: .test-results/acceptance/Layer_self-test_-_Deliberately_failing_browser_step.png", failure.Message, StringComparison.Ordinal);
            Assert.Contains("Not the heading", failure.Message, StringComparison.Ordinal);

            var png = await File.ReadAllBytesAsync(screenshot);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4));
            Assert.True(png.Length > 1000, "a real screenshot, not an empty file");
            Assert.Contains("<label for=\"name\">Name</label>", await File.ReadAllTextAsync(html), StringComparison.Ordinal);
        }
        finally
        {
            // It is a deliberate failure: leave nothing that looks like a real one in .test-results.
            File.Delete(screenshot);
            File.Delete(html);
        }
    }

    [Fact]
    public async Task A_passing_browser_scenario_saves_nothing()
    {
        var scenario = Scenario("Passing browser step", "Register");
        var screenshot = Path.Combine(RepositoryPaths.FailureArtifacts, "Layer_self-test_-_Passing_browser_step.png");
        var result = await Runner.RunAsync(scenario);
        Assert.True(result.Passed, result.Describe());
        Assert.Empty(result.Artifacts);
        Assert.False(File.Exists(screenshot));
    }
}
