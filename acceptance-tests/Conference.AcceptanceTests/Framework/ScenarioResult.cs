using System.Globalization;
using System.Text;

namespace Conference.AcceptanceTests.Framework;

/// <summary>How one step went.</summary>
public sealed record StepResult(ScenarioStep Step, ScenarioExecutionStatus Status, TimeSpan Duration, string? Binding, Exception? Error);

/// <summary>A file saved because the scenario failed (a screenshot, the page's HTML…).</summary>
public sealed record FailureArtifact(string Description, string Path);

/// <summary>
/// Implemented by scenario objects (the browser driver) that can save evidence when a scenario
/// fails. The runner asks every object the scenario container created, before any hook or disposal.
/// </summary>
public interface IFailureArtifactSource
{
    Task<IReadOnlyList<FailureArtifact>> CaptureFailureArtifactsAsync(ScenarioContext scenario, CancellationToken cancellationToken);
}

/// <summary>How a scenario went, step by step.</summary>
public sealed class ScenarioResult(
    ScenarioCase scenario,
    ScenarioExecutionStatus status,
    IReadOnlyList<StepResult> steps,
    Exception? error,
    IReadOnlyList<FailureArtifact> artifacts,
    IReadOnlyList<string> notes)
{
    public ScenarioCase Scenario { get; } = scenario;

    public ScenarioExecutionStatus Status { get; } = status;

    public IReadOnlyList<StepResult> Steps { get; } = steps;

    /// <summary>The first error (step, hook or disposal); null when the scenario passed.</summary>
    public Exception? Error { get; } = error;

    public IReadOnlyList<FailureArtifact> Artifacts { get; } = artifacts;

    /// <summary>Secondary problems (an after-hook or disposal failing after a step already had).</summary>
    public IReadOnlyList<string> Notes { get; } = notes;

    public bool Passed => Status == ScenarioExecutionStatus.OK;

    /// <summary>Turns a failure into the exception the test reports; does nothing when it passed.</summary>
    public void ThrowIfFailed()
    {
        if (!Passed)
        {
            throw new ScenarioFailedException(Describe(), Error);
        }
    }

    /// <summary>The failure message: where it failed, why, and what was saved.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        var failed = Steps.Select((s, i) => (Result: s, Number: i + 1))
            .FirstOrDefault(s => s.Result.Status is not ScenarioExecutionStatus.OK and not ScenarioExecutionStatus.Skipped);
        if (failed.Result is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Step {failed.Number} of '{Scenario.DisplayName}' {Verb(failed.Result.Status)}: {failed.Result.Step}")
                .AppendLine()
                .Append(CultureInfo.InvariantCulture, $"  at {Scenario.Feature.FilePath}:{failed.Result.Step.Line}")
                .AppendLine();
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"'{Scenario.DisplayName}' failed ({Scenario.Location})").AppendLine();
        }

        if (Error is not null)
        {
            text.AppendLine(Error.Message);
        }

        foreach (var note in Notes)
        {
            text.AppendLine(note);
        }

        foreach (var artifact in Artifacts)
        {
            text.Append(CultureInfo.InvariantCulture, $"{artifact.Description}: {artifact.Path}").AppendLine();
        }

        return text.ToString().TrimEnd();
    }

    private static string Verb(ScenarioExecutionStatus status) => status switch
    {
        ScenarioExecutionStatus.UndefinedStep => "has no binding",
        ScenarioExecutionStatus.BindingError => "could not be bound",
        ScenarioExecutionStatus.StepDefinitionPending => "is pending",
        _ => "failed",
    };
}

/// <summary>What a failed scenario throws; the inner exception is the step's own.</summary>
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

/// <summary>No binding matches a step.</summary>
public sealed class MissingStepDefinitionException : Exception
{
    public MissingStepDefinitionException()
    {
    }

    public MissingStepDefinitionException(string message)
        : base(message)
    {
    }

    public MissingStepDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A step matches several bindings, or its binding cannot take the step's arguments.</summary>
public sealed class BindingException : Exception
{
    public BindingException()
    {
    }

    public BindingException(string message)
        : base(message)
    {
    }

    public BindingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
