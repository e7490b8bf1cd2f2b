using Conference.AcceptanceTests.Drivers;
using Conference.AcceptanceTests.Layer;
using Reqnroll;

namespace Conference.AcceptanceTests.ReqnrollAdapter;

/// <summary>The adapter's own specifications: discovery of feature files, and how Reqnroll's outcomes reach xUnit.</summary>
[Collection(ReqnrollTestRun.CollectionName)]
public sealed class AdapterSpecs
{
    private const string Feature = """
        @adapter-spec
        Feature: Adapter self-test

          Background:
            Given the count starts at 1

          Scenario: A passing scenario
            When the count goes up by 1
            Then the count is 2

          Scenario: A failing step
            When the count goes up by 1
            Then the count is 3
            And the count goes up by 1

          Scenario: An undefined step
            When the count goes up by 1
            Then a step that no binding will ever match

          Scenario: A pending step
            When a step is written but not done yet

          Scenario Outline: An outline
            When the count goes up by <by>
            Then the count is <total>

            @slow
            Examples:
              | by | total |
              | 1  | 2     |
              | 5  | 6     |

          @ignore
          Scenario: An ignored scenario
            Then the count is 1

          Scenario: A failing browser step
            Given the form page is open
            Then the page heading reads "Not the heading"
        """;

    private static readonly IReadOnlyList<PickledScenario> Scenarios = FeatureCatalog.Parse("Specs/Adapter.feature", Feature);

    private static PickledScenario Scenario(string title) => Scenarios.Single(s => s.Title == title);

    [Fact]
    public void Each_outline_row_is_a_test_of_its_own_named_by_its_values_with_the_examples_tags()
    {
        var rows = Scenarios.Where(s => s.Title == "An outline").ToList();

        Assert.Equal(["Adapter self-test: An outline (by: 1, total: 2)", "Adapter self-test: An outline (by: 5, total: 6)"], rows.Select(r => r.DisplayName));
        Assert.Equal(2, rows.Select(r => r.Key).Distinct().Count());
        Assert.Equal(["When the count goes up by 5", "Then the count is 6"], rows[1].Steps.Select(s => s.ToString()));
        Assert.Equal(["adapter-spec", "slow"], rows[0].AllTags);
    }

    [Fact]
    public void An_ignored_scenario_is_skipped_with_its_location_and_the_others_are_not()
    {
        Assert.Equal("Tagged @ignore (Specs/Adapter.feature:34).", Scenario("An ignored scenario").SkipReason);
        Assert.All(Scenarios.Where(s => s.Title != "An ignored scenario"), s => Assert.Null(s.SkipReason));
    }

    [Fact]
    public void Invalid_gherkin_is_refused_with_the_file_and_line()
    {
        var error = Assert.Throws<InvalidDataException>(() => FeatureCatalog.Parse("Specs/Broken.feature", "Feature: Broken\n  Scenario: A\n    Given a\n  | a |\n  Nonsense here\n"));
        Assert.Contains("Specs/Broken.feature is not valid Gherkin", error.Message, StringComparison.Ordinal);
        Assert.Contains("(5:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_passing_scenario_runs_its_background_and_steps_through_reqnroll() =>
        await ScenarioExecutor.RunAsync(Scenario("A passing scenario"), null);

    [Fact]
    public async Task A_failing_step_fails_the_test_naming_the_step_and_its_line()
    {
        var failure = await Assert.ThrowsAsync<ScenarioFailedException>(() => ScenarioExecutor.RunAsync(Scenario("A failing step"), null));

        Assert.StartsWith("Step 3 of 'Adapter self-test: A failing step' failed: Then the count is 3", failure.Message, StringComparison.Ordinal);
        Assert.Contains("at Specs/Adapter.feature:13", failure.Message, StringComparison.Ordinal);
        Assert.IsType<Xunit.Sdk.EqualException>(failure.InnerException);
        Assert.Contains("Expected: 3", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_undefined_step_fails_the_test_with_a_suggested_binding()
    {
        var failure = await Assert.ThrowsAsync<ScenarioFailedException>(() => ScenarioExecutor.RunAsync(Scenario("An undefined step"), null));

        Assert.StartsWith("Step 3 of 'Adapter self-test: An undefined step' failed: Then a step that no binding will ever match", failure.Message, StringComparison.Ordinal);
        Assert.Contains("[Then(\"a step that no binding will ever match\")]", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pending_step_fails_the_test_as_pending()
    {
        var failure = await Assert.ThrowsAsync<ScenarioFailedException>(() => ScenarioExecutor.RunAsync(Scenario("A pending step"), null));

        Assert.StartsWith("Step 2 of 'Adapter self-test: A pending step' failed: When a step is written but not done yet", failure.Message, StringComparison.Ordinal);
        Assert.IsType<ScenarioNotRunException>(failure.InnerException);
        Assert.Contains("Pending", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_browser_scenario_names_its_saved_screenshot_and_html_in_the_failure()
    {
        var screenshot = Path.Combine(RepositoryPaths.FailureArtifacts, "Adapter_self-test_-_A_failing_browser_step.png");
        var html = Path.ChangeExtension(screenshot, ".html");
        try
        {
            var failure = await Assert.ThrowsAsync<ScenarioFailedException>(() => ScenarioExecutor.RunAsync(Scenario("A failing browser step"), null));

            Assert.Contains("Attachment: " + screenshot, failure.Message, StringComparison.Ordinal);
            Assert.Contains("Attachment: " + html, failure.Message, StringComparison.Ordinal);
            Assert.True(File.Exists(screenshot));
            Assert.Contains("<label for=\"name\">Name</label>", await File.ReadAllTextAsync(html), StringComparison.Ordinal);
        }
        finally
        {
            // A deliberate failure: leave nothing that looks like a real one in .test-results.
            File.Delete(screenshot);
            File.Delete(html);
        }
    }

    [Fact]
    public async Task Scenarios_of_another_feature_run_after_the_first_one_is_ended()
    {
        var other = Assert.Single(FeatureCatalog.Parse("Specs/Other.feature", """
            @adapter-spec
            Feature: Another adapter feature
              Scenario: Its own counting
                Given the count starts at 7
                Then the count is 7
            """));

        await ScenarioExecutor.RunAsync(Scenario("A passing scenario"), null);
        await ScenarioExecutor.RunAsync(other, null);
        Assert.Equal(["end Adapter self-test", "start Another adapter feature"], AdapterSpecSteps.FeatureLog.TakeLast(2));
    }
}

/// <summary>Bindings of the adapter's inline features.</summary>
[Binding]
[Scope(Tag = "adapter-spec")]
public sealed class AdapterSpecSteps(ScenarioContext scenario)
{
    public static List<string> FeatureLog { get; } = [];

    private int Count
    {
        get => scenario.TryGetValue("count", out int count) ? count : 0;
        set => scenario["count"] = value;
    }

    [BeforeFeature("adapter-spec")]
    public static void RecordTheStart(FeatureContext feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        FeatureLog.Add("start " + feature.FeatureInfo.Title);
    }

    [AfterFeature("adapter-spec")]
    public static void RecordTheEnd(FeatureContext feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        FeatureLog.Add("end " + feature.FeatureInfo.Title);
    }

    [Given("the count starts at {int}")]
    public void GivenTheCountStartsAt(int start) => Count = start;

    [When("the count goes up by {int}")]
    public void WhenTheCountGoesUpBy(int by) => Count += by;

    [Then("the count is {int}")]
    public void ThenTheCountIs(int expected) => Assert.Equal(expected, Count);

    [When("a step is written but not done yet")]
    public void WhenAStepIsNotDoneYet() => throw new PendingStepException();
}

/// <summary>Browser bindings of the adapter's inline feature, on the layer's form app.</summary>
[Binding]
[Scope(Tag = "adapter-spec")]
public sealed class AdapterSpecBrowserSteps(FormAppDriver formApp, BrowserDriver browser)
{
    [AfterScenario]
    public Task StopTheFormAppAsync() => formApp.DisposeAsync().AsTask();

    [Given("the form page is open")]
    public async Task GivenTheFormPageIsOpen()
    {
        await formApp.StartAsync();
        await browser.GoToAsync(formApp.BaseAddress);
    }

    [Then("the page heading reads {string}")]
    public async Task ThenThePageHeadingReads(string heading) =>
        Assert.Equal(heading, await browser.Page.Locator("h1").TextContentAsync());
}
