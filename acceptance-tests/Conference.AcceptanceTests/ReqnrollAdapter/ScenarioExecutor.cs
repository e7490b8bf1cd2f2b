using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text;
using Gherkin;
using Reqnroll;
using Xunit.Abstractions;

namespace Conference.AcceptanceTests.ReqnrollAdapter;

/// <summary>
/// Runs one <see cref="PickledScenario"/> on Reqnroll's test runner, as generated test code would:
/// the feature started (and the previous one ended) on the runner, the scenario initialized with
/// the test's output registered in its container, background and scenario steps, the errors
/// collected, the scenario ended (AfterScenario hooks, disposal). A failure is rethrown naming the
/// step, its line and the files attached to the scenario.
/// </summary>
public static class ScenarioExecutor
{
    private static readonly Assembly TestAssembly = typeof(ScenarioExecutor).Assembly;

    // One FeatureInfo per feature file: Reqnroll finds a feature's runners by its FeatureInfo.
    private static readonly ConcurrentDictionary<string, FeatureInfo> Features = new(StringComparer.Ordinal);
    private static readonly SemaphoreSlim FeatureSwitch = new(1, 1);
    private static FeatureInfo? openFeature;

    public static async Task RunAsync(PickledScenario scenario, ITestOutputHelper? output)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var featureInfo = Features.GetOrAdd(scenario.FeaturePath + "|" + scenario.FeatureTitle, _ => scenario.FeatureInfo());
        await EndOtherFeatureAsync(featureInfo);
        var sink = new ScenarioOutput(output);
        var previousSink = ScenarioOutput.Current;
        ScenarioOutput.Current = sink;
        var runner = TestRunnerManager.GetTestRunnerForAssembly(TestAssembly, featureHint: featureInfo);
        try
        {
            if (runner.FeatureContext is { } open && open.FeatureInfo != featureInfo)
            {
                await runner.OnFeatureEndAsync();
            }

            if (runner.FeatureContext is null)
            {
                await runner.OnFeatureStartAsync(featureInfo);
            }

            sink.WriteLine($"{scenario.DisplayName}  ({scenario.FeaturePath}:{scenario.Line.ToString(CultureInfo.InvariantCulture)})");
            runner.OnScenarioInitialize(scenario.ScenarioInfo(), scenario.RuleInfo());
            if (output is not null)
            {
                runner.ScenarioContext.ScenarioContainer.RegisterInstanceAs(output);
            }

            await RunStepsAsync(runner, scenario, sink);
        }
        finally
        {
            TestRunnerManager.ReleaseTestRunner(runner);
            ScenarioOutput.Current = previousSink;
        }
    }

    /// <summary>Ends the feature still open (AfterFeature hooks), then the test run (AfterTestRun hooks).</summary>
    public static async Task EndTestRunAsync()
    {
        await EndOtherFeatureAsync(null);
        await TestRunnerManager.OnTestRunEndAsync(TestAssembly);
    }

    public static Task StartTestRunAsync() => TestRunnerManager.OnTestRunStartAsync(TestAssembly);

    /// <summary>
    /// Scenarios run feature after feature (one test at a time), so the feature of the previous
    /// scenario is over when another one's begins: Reqnroll ends it on its runners.
    /// </summary>
    private static async Task EndOtherFeatureAsync(FeatureInfo? next)
    {
        await FeatureSwitch.WaitAsync();
        try
        {
            if (openFeature is not null && openFeature != next)
            {
                await TestRunnerManager.ReleaseFeatureAsync(openFeature, TestAssembly);
            }

            openFeature = next;
        }
        finally
        {
            FeatureSwitch.Release();
        }
    }

    private static async Task RunStepsAsync(ITestRunner runner, PickledScenario scenario, ScenarioOutput sink)
    {
        var steps = scenario.BackgroundSteps.Concat(scenario.Steps).ToList();
        (int Number, PickledStep Step)? failedStep = null;
        ExceptionDispatchInfo? failure = null;
        try
        {
            await runner.OnScenarioStartAsync();
            for (var i = 0; i < steps.Count; i++)
            {
                await StepAsync(runner, steps[i]);
                if (failedStep is null && runner.ScenarioContext.ScenarioExecutionStatus != ScenarioExecutionStatus.OK)
                {
                    failedStep = (i + 1, steps[i]);
                }
            }

            await runner.CollectScenarioErrorsAsync();
        }
        catch (Exception e)
        {
            failure = ExceptionDispatchInfo.Capture(e);
        }

        try
        {
            // AfterScenario hooks (failure screenshots among them) and the scenario container's disposal.
            await runner.OnScenarioEndAsync();
        }
        catch (Exception e) when (failure is not null)
        {
            sink.WriteLine("Ending the scenario failed too: " + e.Message);
        }

        if (failure is not null)
        {
            throw new ScenarioFailedException(Describe(scenario, failedStep, failure.SourceException, sink.Attachments), failure.SourceException);
        }
    }

    private static Task StepAsync(ITestRunner runner, PickledStep step) => step.KeywordType switch
    {
        StepKeywordType.Context => runner.GivenAsync(step.Text, step.DocString, step.Table, step.Keyword),
        StepKeywordType.Action => runner.WhenAsync(step.Text, step.DocString, step.Table, step.Keyword),
        StepKeywordType.Outcome => runner.ThenAsync(step.Text, step.DocString, step.Table, step.Keyword),

        // And, But and * take the previous step's kind; Reqnroll keeps track of it.
        _ => runner.AndAsync(step.Text, step.DocString, step.Table, step.Keyword),
    };

    private static string Describe(PickledScenario scenario, (int Number, PickledStep Step)? failed, Exception error, IReadOnlyList<string> attachments)
    {
        var text = new StringBuilder();
        if (failed is { } step)
        {
            text.Append(CultureInfo.InvariantCulture, $"Step {step.Number} of '{scenario.DisplayName}' failed: {step.Step.Keyword}{step.Step.Text}")
                .AppendLine()
                .Append(CultureInfo.InvariantCulture, $"  at {scenario.FeaturePath}:{step.Step.Line}");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"'{scenario.DisplayName}' failed ({scenario.FeaturePath}:{scenario.Line})");
        }

        text.AppendLine().Append(error.Message);
        foreach (var attachment in attachments)
        {
            text.AppendLine().Append("Attachment: ").Append(attachment);
        }

        return text.ToString();
    }
}

/// <summary>What a failed scenario throws; the inner exception is the step's (or hook's) own.</summary>
public sealed class ScenarioFailedException : Exception
{
    public ScenarioFailedException()
    {
    }

    public ScenarioFailedException(string message)
        : base(message)
    {
    }

    public ScenarioFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
