using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Xunit.Abstractions;

namespace Conference.AcceptanceTests.Framework;

public sealed class ScenarioRunnerOptions
{
    /// <summary>
    /// An async step still running after this long fails the scenario, so that one hung page
    /// cannot hold the whole run (Playwright's own waits are shorter).
    /// </summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// Runs one scenario case: a fresh <see cref="ScenarioContainer"/>, BeforeScenario hooks, the steps
/// in order (the first failure skips the rest), failure artifacts, AfterScenario hooks, disposal.
/// </summary>
public sealed class ScenarioRunner(BindingRegistry registry, ScenarioRunnerOptions? options = null)
{
    private readonly ScenarioRunnerOptions options = options ?? new ScenarioRunnerOptions();

    public BindingRegistry Registry { get; } = registry;

    /// <param name="scenario">The case to run.</param>
    /// <param name="output">Where the step-by-step log goes (and injectable as ITestOutputHelper).</param>
    /// <param name="register">Adds run-level objects (hosts, fixtures) to the scenario's container.</param>
    /// <param name="cancellationToken">Stops waiting for a running step.</param>
    public async Task<ScenarioResult> RunAsync(
        ScenarioCase scenario,
        ITestOutputHelper? output = null,
        Action<IObjectContainer>? register = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var container = new ScenarioContainer();
        var featureContext = new FeatureContext(scenario.Feature);
        var context = new ScenarioContext(scenario.Scenario, featureContext);
        container.RegisterInstanceAs(featureContext);
        container.RegisterInstanceAs(context);
        container.RegisterInstanceAs(scenario.Feature);
        container.RegisterInstanceAs(scenario.Scenario);
        if (output is not null)
        {
            container.RegisterInstanceAs(output);
        }

        register?.Invoke(container);
        Log(output, $"{scenario.DisplayName}  ({scenario.Location})");

        var results = new List<StepResult>();
        var notes = new List<string>();
        var artifacts = new List<FailureArtifact>();

        void Fail(ScenarioExecutionStatus status, Exception error)
        {
            if (context.TestError is null)
            {
                context.ScenarioExecutionStatus = status;
                context.TestError = error;
            }
            else
            {
                notes.Add("Also: " + error.Message);
            }
        }

        foreach (var hook in Registry.Hooks.Where(h => h.Attribute is BeforeScenarioAttribute && h.AppliesTo(scenario.Feature, scenario.Scenario)))
        {
            if (context.TestError is not null)
            {
                break;
            }

            try
            {
                await InvokeAsync(hook.Method, ResolveArguments(container, hook.Method), container, cancellationToken);
            }
            catch (Exception e)
            {
                Fail(ScenarioExecutionStatus.TestError, new BindingException($"The BeforeScenario hook {hook.Name} failed: {e.Message}", e));
            }
        }

        var undefined = new List<ScenarioStep>();
        foreach (var step in scenario.Steps)
        {
            results.Add(await RunStepAsync(step, scenario, context, container, undefined, Fail, cancellationToken));
            var last = results[^1];
            Log(output, $"  [{Label(last.Status)}] {step}{(last.Status == ScenarioExecutionStatus.OK ? $"  ({last.Duration.TotalMilliseconds:0} ms)" : string.Empty)}");
        }

        if (undefined.Count > 0 && context.TestError is MissingStepDefinitionException)
        {
            // Every undefined step is listed at once so that one run tells all the bindings to write.
            context.TestError = new MissingStepDefinitionException(DescribeUndefined(undefined));
        }

        if (context.TestError is not null)
        {
            foreach (var source in container.Created.OfType<IFailureArtifactSource>())
            {
                try
                {
                    artifacts.AddRange(await source.CaptureFailureArtifactsAsync(context, cancellationToken));
                }
                catch (Exception e)
                {
                    notes.Add($"{source.GetType().Name} could not save failure artifacts: {e.Message}");
                }
            }
        }

        foreach (var hook in Registry.Hooks.Where(h => h.Attribute is AfterScenarioAttribute && h.AppliesTo(scenario.Feature, scenario.Scenario)))
        {
            try
            {
                await InvokeAsync(hook.Method, ResolveArguments(container, hook.Method), container, cancellationToken);
            }
            catch (Exception e)
            {
                Fail(ScenarioExecutionStatus.TestError, new BindingException($"The AfterScenario hook {hook.Name} failed: {e.Message}", e));
            }
        }

        try
        {
            await container.DisposeAsync();
        }
        catch (Exception e)
        {
            Fail(ScenarioExecutionStatus.TestError, e);
        }

        foreach (var artifact in artifacts)
        {
            Log(output, $"  {artifact.Description}: {artifact.Path}");
        }

        return new ScenarioResult(scenario, context.TestError is null ? ScenarioExecutionStatus.OK : context.ScenarioExecutionStatus, results, context.TestError, artifacts, notes);
    }

    private async Task<StepResult> RunStepAsync(
        ScenarioStep step,
        ScenarioCase scenario,
        ScenarioContext context,
        ScenarioContainer container,
        List<ScenarioStep> undefined,
        Action<ScenarioExecutionStatus, Exception> fail,
        CancellationToken cancellationToken)
    {
        var lookup = Registry.Find(step, scenario.Feature, scenario.Scenario);
        if (lookup.Match is null && lookup.Ambiguous.Count == 0)
        {
            undefined.Add(step);
            var error = new MissingStepDefinitionException(DescribeUndefined([step]));
            if (context.TestError is not MissingStepDefinitionException)
            {
                // A later undefined step joins the first one's list instead of adding a note of its own.
                fail(ScenarioExecutionStatus.UndefinedStep, error);
            }

            return new StepResult(step, ScenarioExecutionStatus.UndefinedStep, TimeSpan.Zero, null, error);
        }

        if (context.TestError is not null)
        {
            return new StepResult(step, ScenarioExecutionStatus.Skipped, TimeSpan.Zero, lookup.Match?.Binding.Name, null);
        }

        if (lookup.Match is null)
        {
            var error = new BindingException(
                $"Ambiguous step '{step}': {lookup.Ambiguous.Count} bindings match it."
                + string.Concat(lookup.Ambiguous.Select(m => Environment.NewLine + "  " + m.Binding))
                + Environment.NewLine + "Make the expressions distinct, or narrow one with [Scope].");
            fail(ScenarioExecutionStatus.BindingError, error);
            return new StepResult(step, ScenarioExecutionStatus.BindingError, TimeSpan.Zero, null, error);
        }

        var binding = lookup.Match.Binding;
        object?[] arguments;
        try
        {
            arguments = BindArguments(step, lookup.Match);
        }
        catch (BindingException e)
        {
            fail(ScenarioExecutionStatus.BindingError, e);
            return new StepResult(step, ScenarioExecutionStatus.BindingError, TimeSpan.Zero, binding.Name, e);
        }

        var watch = Stopwatch.StartNew();
        Task? invocation = null;
        try
        {
            invocation = InvokeAsync(binding.Method, arguments, container, cancellationToken);
            await invocation.WaitAsync(options.StepTimeout, cancellationToken);
            return new StepResult(step, ScenarioExecutionStatus.OK, watch.Elapsed, binding.Name, null);
        }
        catch (PendingStepException e)
        {
            fail(ScenarioExecutionStatus.StepDefinitionPending, e);
            return new StepResult(step, ScenarioExecutionStatus.StepDefinitionPending, watch.Elapsed, binding.Name, e);
        }
        // The wait timed out while the step still runs (a step's own TimeoutException completes it);
        // timers may fire a little before the stopwatch reaches the timeout, so elapsed time cannot tell.
        catch (TimeoutException e) when (invocation is { IsCompleted: false })
        {
            var error = new TimeoutException($"{binding.Name} did not finish within {options.StepTimeout.TotalSeconds:0} s.", e);
            fail(ScenarioExecutionStatus.TestError, error);
            return new StepResult(step, ScenarioExecutionStatus.TestError, watch.Elapsed, binding.Name, error);
        }
        catch (ObjectContainerException e)
        {
            fail(ScenarioExecutionStatus.BindingError, e);
            return new StepResult(step, ScenarioExecutionStatus.BindingError, watch.Elapsed, binding.Name, e);
        }
        catch (Exception e) when (e is not BindingException || e.InnerException is not null)
        {
            fail(ScenarioExecutionStatus.TestError, e);
            return new StepResult(step, ScenarioExecutionStatus.TestError, watch.Elapsed, binding.Name, e);
        }
        catch (BindingException e)
        {
            fail(ScenarioExecutionStatus.BindingError, e);
            return new StepResult(step, ScenarioExecutionStatus.BindingError, watch.Elapsed, binding.Name, e);
        }
    }

    private static object?[] BindArguments(ScenarioStep step, StepMatch match)
    {
        var binding = match.Binding;
        var parameters = binding.Method.GetParameters();
        var supplied = match.Arguments.Count + (step.Table is null ? 0 : 1) + (step.DocString is null ? 0 : 1);
        if (parameters.Length != supplied)
        {
            var extras = (step.Table is null ? string.Empty : " and a table") + (step.DocString is null ? string.Empty : " and a doc string");
            throw new BindingException(
                $"{binding.Name} takes {parameters.Length} parameter(s) but the step '{step}' supplies {match.Arguments.Count} value(s) from its text{extras}.");
        }

        var arguments = new object?[parameters.Length];
        for (var i = 0; i < match.Arguments.Count; i++)
        {
            try
            {
                arguments[i] = StepArgumentConverter.Convert(match.Arguments[i], parameters[i].ParameterType);
            }
            catch (FormatException e)
            {
                throw new BindingException($"{binding.Name}, parameter '{parameters[i].Name}': {e.Message}", e);
            }
        }

        var next = match.Arguments.Count;
        if (step.Table is not null)
        {
            if (parameters[next].ParameterType != typeof(Table))
            {
                throw new BindingException($"{binding.Name}: the step has a data table, so parameter '{parameters[next].Name}' must be a {nameof(Table)}.");
            }

            arguments[next++] = step.Table;
        }

        if (step.DocString is not null)
        {
            if (parameters[next].ParameterType != typeof(string))
            {
                throw new BindingException($"{binding.Name}: the step has a doc string, so parameter '{parameters[next].Name}' must be a string.");
            }

            arguments[next] = step.DocString;
        }

        return arguments;
    }

    private static object?[] ResolveArguments(ScenarioContainer container, MethodInfo method) =>
        [.. method.GetParameters().Select(p => container.Resolve(p.ParameterType))];

    private static async Task InvokeAsync(MethodInfo method, object?[] arguments, ScenarioContainer container, CancellationToken cancellationToken)
    {
        if (method.ReturnType == typeof(void) && method.GetCustomAttribute<AsyncStateMachineAttribute>() is not null)
        {
            // Nothing could await it: its failures would surface nowhere, or crash the run.
            throw new BindingException($"{method.DeclaringType!.Name}.{method.Name} is async void; make it return Task.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var target = method.IsStatic ? null : container.Resolve(method.DeclaringType!);
        var result = method.Invoke(target, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
        switch (result)
        {
            case Task task:
                await task;
                break;
            case ValueTask valueTask:
                await valueTask;
                break;
        }
    }

    private string DescribeUndefined(IReadOnlyList<ScenarioStep> steps)
    {
        var text = new StringBuilder(steps.Count == 1 ? "No binding matches the step:" : "No binding matches these steps:");
        foreach (var step in steps)
        {
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"  {step}");
        }

        text.AppendLine().Append("Add to a [Binding] class, for example:");
        foreach (var step in steps.DistinctBy(s => (s.Type, s.Text)))
        {
            text.AppendLine().AppendLine().Append(StepSuggestion.For(step));
        }

        // A binding whose expression does not compile matches nothing: it may be the one meant.
        var broken = Registry.Errors().ToList();
        if (broken.Count > 0)
        {
            text.AppendLine().AppendLine().Append("These bindings are ignored because their expressions do not compile:");
            foreach (var error in broken)
            {
                text.AppendLine().Append("  ").Append(error);
            }
        }

        return text.ToString();
    }

    private static string Label(ScenarioExecutionStatus status) => status switch
    {
        ScenarioExecutionStatus.OK => "ok",
        ScenarioExecutionStatus.Skipped => "skipped",
        ScenarioExecutionStatus.UndefinedStep => "undefined",
        ScenarioExecutionStatus.BindingError => "binding error",
        ScenarioExecutionStatus.StepDefinitionPending => "pending",
        _ => "FAILED",
    };

    private static void Log(ITestOutputHelper? output, string line)
    {
        try
        {
            output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test already ended (a timed-out step finishing late): there is no one to tell.
        }
    }
}
