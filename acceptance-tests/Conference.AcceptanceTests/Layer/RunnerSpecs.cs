using Conference.AcceptanceTests.Framework;

namespace Conference.AcceptanceTests.Layer;

/// <summary>
/// The runner over inline features and binding classes given explicitly (not [Binding], so the
/// product features never see them).
/// </summary>
public sealed class RunnerSpecs
{
    public sealed class Journal : IDisposable
    {
        public static List<string> Disposed { get; } = [];

        public List<string> Entries { get; } = [];

        public string Id { get; } = Guid.NewGuid().ToString("N");

        public void Dispose()
        {
            lock (Disposed)
            {
                Disposed.Add(Id);
            }
        }
    }

    public sealed class OrderSteps(Journal journal)
    {
        [Given("I start")]
        public void GivenIStart() => journal.Entries.Add("given:start");

        [Given("a step")]
        public void GivenAStep() => journal.Entries.Add("given:a step");

        [When("a step")]
        public void WhenAStep() => journal.Entries.Add("when:a step");

        [Then("a step")]
        public void ThenAStep() => journal.Entries.Add("then:a step");

        [When("I wait then record {string}")]
        public async Task WhenIWaitThenRecord(string text)
        {
            await Task.Delay(50);
            journal.Entries.Add(text);
        }

        [Then("the journal reads {string}")]
        public void ThenTheJournalReads(string expected) => Assert.Equal(expected, string.Join(", ", journal.Entries));

        [Then("it fails")]
        public void ThenItFails() => Assert.Fail("deliberate failure");

        [Then("it is pending")]
        public void ThenItIsPending() => throw new PendingStepException();

        [When("I count {int} apples")]
        public void WhenICount(int apples, int pears) => journal.Entries.Add($"{apples} {pears}");

        [When("I read a {word} number")]
        public void WhenIRead(int number) => journal.Entries.Add(number.ToString(System.Globalization.CultureInfo.InvariantCulture));

        [When("I sleep")]
        public Task WhenISleep() => Task.Delay(TimeSpan.FromSeconds(10));

        [BeforeScenario(Order = 2)]
        public void BeforeSecond() => journal.Entries.Add("before2");

        [BeforeScenario(Order = 1)]
        public static void BeforeFirst(Journal journal) => journal.Entries.Add("before1");

        [BeforeScenario("tagged")]
        public void BeforeTagged() => journal.Entries.Add("before:tagged");

        [AfterScenario]
        public void After(ScenarioContext context) => journal.Entries.Add("after:" + context.ScenarioExecutionStatus);
    }

    /// <summary>A second binding class: gets the same Journal as OrderSteps within a scenario.</summary>
    public sealed class OtherSteps(Journal journal, ScenarioContext context)
    {
        [Then("the other class sees {int} entries")]
        public void ThenTheOtherClassSees(int count) => Assert.Equal(count, journal.Entries.Count);

        [Then("the scenario is called {string}")]
        public void ThenTheScenarioIsCalled(string title) => Assert.Equal(title, context.ScenarioInfo.Title);
    }

    public sealed class AmbiguousOne
    {
        [When("I do the same thing")]
        public void WhenOne()
        {
        }
    }

    public sealed class AmbiguousTwo
    {
        [When(@"^I do the (\w+) thing$")]
        public void WhenTwo(string which) => Assert.NotNull(which);
    }

    [Scope(Tag = "special")]
    public sealed class ScopedSteps
    {
        [When("I do the same thing")]
        public void WhenScoped()
        {
        }
    }

    public sealed class AsyncVoidSteps
    {
        [When("I fire and forget")]
        public async void WhenIFireAndForget() => await Task.Yield();
    }

    public sealed class BrokenSteps
    {
        [When("I type {strnig}")]
        public void WhenIType(string text) => Assert.NotNull(text);
    }

    private static readonly ScenarioRunner Runner = new(BindingRegistry.FromTypes(typeof(OrderSteps), typeof(OtherSteps)));

    private static ScenarioCase Single(string gherkin) => Assert.Single(FeatureFile.Parse("Inline.feature", gherkin).Scenarios);

    private static Task<ScenarioResult> Run(string gherkin, ScenarioRunner? runner = null) => (runner ?? Runner).RunAsync(Single(gherkin));

    [Fact]
    public async Task Hooks_and_background_run_before_the_steps_and_And_takes_the_previous_keyword()
    {
        var result = await Run("""
            Feature: F
              Background:
                Given I start
              Scenario: S
                When a step
                And a step
                And I wait then record "late"
                Then a step
                But a step
                Then the journal reads "before1, before2, given:start, when:a step, when:a step, late, then:a step, then:a step"
            """);
        Assert.True(result.Passed, result.Describe());
        Assert.Equal(7, result.Steps.Count);
    }

    [Fact]
    public async Task Binding_classes_share_one_container_per_scenario_which_disposes_after()
    {
        var scenario = Single("""
            Feature: F
              Scenario: Shared
                Given I start
                Then the other class sees 3 entries
                And the scenario is called "Shared"
            """);
        var journals = new List<Journal>();
        var first = await Runner.RunAsync(scenario, register: c => journals.Add(c.Resolve<Journal>()));
        var second = await Runner.RunAsync(scenario, register: c => journals.Add(c.Resolve<Journal>()));
        Assert.True(first.Passed, first.Describe());
        Assert.True(second.Passed, second.Describe());
        Assert.NotEqual(journals[0].Id, journals[1].Id);
        lock (Journal.Disposed)
        {
            Assert.Contains(journals[0].Id, Journal.Disposed);
            Assert.Contains(journals[1].Id, Journal.Disposed);
        }
    }

    [Fact]
    public async Task Tagged_hooks_run_only_for_their_tag_and_after_hooks_see_the_outcome()
    {
        Journal? journal = null;
        var result = await Runner.RunAsync(
            Single("""
                Feature: F
                  @tagged
                  Scenario: S
                    Given I start
                    Then it fails
                """),
            register: c => journal = c.Resolve<Journal>());
        Assert.Equal(ScenarioExecutionStatus.TestError, result.Status);
        Assert.Equal(["before1", "before2", "before:tagged", "given:start", "after:TestError"], journal!.Entries);
    }

    [Fact]
    public async Task A_failing_step_skips_the_rest_and_the_message_says_where()
    {
        var result = await Run("""
            Feature: Failing
              Scenario: Boom
                Given I start
                Then it fails
                And a step
            """);
        Assert.Equal(ScenarioExecutionStatus.TestError, result.Status);
        Assert.Equal([ScenarioExecutionStatus.OK, ScenarioExecutionStatus.TestError, ScenarioExecutionStatus.Skipped], result.Steps.Select(s => s.Status));
        var failure = Assert.Throws<ScenarioFailedException>(result.ThrowIfFailed);
        Assert.Contains("Step 2 of 'Failing: Boom' failed: Then it fails", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Inline.feature:4", failure.Message, StringComparison.Ordinal);
        Assert.Contains("deliberate failure", failure.Message, StringComparison.Ordinal);
        Assert.IsType<Xunit.Sdk.FailException>(failure.InnerException);
    }

    [Fact]
    public async Task A_passing_scenario_does_not_throw()
    {
        var result = await Run("""
            Feature: F
              Scenario: S
                Given I start
            """);
        result.ThrowIfFailed();
        Assert.Equal(ScenarioExecutionStatus.OK, result.Status);
    }

    [Fact]
    public async Task Missing_bindings_are_all_listed_with_a_suggested_attribute()
    {
        var result = await Run("""
            Feature: F
              Scenario: S
                Given I start
                When I order 3 seats of type "Workshop" at 12.50
                Then it fails
                And the order has these lines:
                  | Seat type | Quantity |
                  | Workshop  | 3        |
            """);
        Assert.Equal(ScenarioExecutionStatus.UndefinedStep, result.Status);
        var message = result.Describe();
        Assert.Contains("has no binding: When I order 3 seats of type \"Workshop\" at 12.50", message, StringComparison.Ordinal);
        Assert.Contains("[When(\"I order {int} seats of type {string} at {decimal}\")]", message, StringComparison.Ordinal);
        Assert.Contains("public void WhenIOrderSeatsOfTypeAt(int p0, string p1, decimal p2)", message, StringComparison.Ordinal);
        Assert.Contains("[Then(\"the order has these lines:\")]", message, StringComparison.Ordinal);
        Assert.Contains("public void ThenTheOrderHasTheseLines(Table table)", message, StringComparison.Ordinal);
        Assert.Equal(
            [ScenarioExecutionStatus.OK, ScenarioExecutionStatus.UndefinedStep, ScenarioExecutionStatus.Skipped, ScenarioExecutionStatus.UndefinedStep],
            result.Steps.Select(s => s.Status));
    }

    [Fact]
    public async Task A_binding_that_does_not_compile_is_named_when_a_step_goes_unmatched()
    {
        var runner = new ScenarioRunner(BindingRegistry.FromTypes(typeof(BrokenSteps)));
        var result = await Run("""
            Feature: F
              Scenario: S
                When I type "hello"
            """, runner);
        Assert.Equal(ScenarioExecutionStatus.UndefinedStep, result.Status);
        Assert.Contains("BrokenSteps.WhenIType: 'I type {strnig}': unknown parameter type {strnig}", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_matching_two_bindings_fails_naming_both()
    {
        var runner = new ScenarioRunner(BindingRegistry.FromTypes(typeof(AmbiguousOne), typeof(AmbiguousTwo)));
        var result = await Run("""
            Feature: F
              Scenario: S
                When I do the same thing
            """, runner);
        Assert.Equal(ScenarioExecutionStatus.BindingError, result.Status);
        var message = result.Describe();
        Assert.Contains("Ambiguous step 'When I do the same thing'", message, StringComparison.Ordinal);
        Assert.Contains("AmbiguousOne.WhenOne", message, StringComparison.Ordinal);
        Assert.Contains("AmbiguousTwo.WhenTwo", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scoped_binding_wins_in_its_scope_and_stays_out_of_others()
    {
        var registry = BindingRegistry.FromTypes(typeof(AmbiguousOne), typeof(ScopedSteps));
        var scoped = Single("""
            Feature: F
              @special
              Scenario: S
                When I do the same thing
            """);
        var plain = Single("""
            Feature: F
              Scenario: S
                When I do the same thing
            """);
        Assert.Equal(nameof(ScopedSteps.WhenScoped), registry.Find(scoped.Steps[0], scoped.Feature, scoped.Scenario).Match!.Binding.Method.Name);
        Assert.Equal(nameof(AmbiguousOne.WhenOne), registry.Find(plain.Steps[0], plain.Feature, plain.Scenario).Match!.Binding.Method.Name);
    }

    [Fact]
    public async Task A_binding_whose_parameters_do_not_fit_the_step_is_a_binding_error()
    {
        var result = await Run("""
            Feature: F
              Scenario: S
                When I count 3 apples
            """);
        Assert.Equal(ScenarioExecutionStatus.BindingError, result.Status);
        Assert.Contains("OrderSteps.WhenICount takes 2 parameter(s) but the step 'When I count 3 apples' supplies 1 value(s)", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_that_does_not_convert_names_the_parameter()
    {
        var result = await Run("""
            Feature: F
              Scenario: S
                When I read a big number
            """);
        Assert.Equal(ScenarioExecutionStatus.BindingError, result.Status);
        Assert.Contains("parameter 'number': 'big' cannot be converted to Int32", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pending_step_is_reported_as_pending()
    {
        var result = await Run("""
            Feature: F
              Scenario: S
                Then it is pending
            """);
        Assert.Equal(ScenarioExecutionStatus.StepDefinitionPending, result.Status);
        Assert.Contains("is pending", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_async_void_step_is_refused()
    {
        var runner = new ScenarioRunner(BindingRegistry.FromTypes(typeof(AsyncVoidSteps)));
        var result = await Run("""
            Feature: F
              Scenario: S
                When I fire and forget
            """, runner);
        Assert.Equal(ScenarioExecutionStatus.BindingError, result.Status);
        Assert.Contains("async void", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_that_outlives_the_step_timeout_fails()
    {
        var runner = new ScenarioRunner(BindingRegistry.FromTypes(typeof(OrderSteps)), new ScenarioRunnerOptions { StepTimeout = TimeSpan.FromMilliseconds(200) });
        var result = await Run("""
            Feature: F
              Scenario: S
                When I sleep
            """, runner);
        Assert.Equal(ScenarioExecutionStatus.TestError, result.Status);
        Assert.IsType<TimeoutException>(result.Error);
        Assert.Contains("did not finish within", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_assembly_bindings_all_compile()
    {
        var registry = BindingRegistry.ForAssembly(typeof(RunnerSpecs).Assembly);
        Assert.Empty(registry.Errors());
        Assert.Contains(registry.StepBindings, b => b.Method.DeclaringType == typeof(LayerSteps));
        Assert.DoesNotContain(registry.StepBindings, b => b.Method.DeclaringType == typeof(OrderSteps));
    }
}
