namespace Conference.AcceptanceTests.Framework;

/// <summary>Outcome of a step or a scenario (Reqnroll's names).</summary>
public enum ScenarioExecutionStatus
{
    OK,
    StepDefinitionPending,
    UndefinedStep,
    BindingError,
    TestError,
    Skipped,
}

/// <summary>Thrown by a step that is written but not implemented yet.</summary>
public sealed class PendingStepException : Exception
{
    public PendingStepException()
        : base("This step is pending: its binding exists but is not implemented yet.")
    {
    }

    public PendingStepException(string message)
        : base(message)
    {
    }

    public PendingStepException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

public sealed class FeatureInfo(string title, string description, IReadOnlyList<string> tags, string filePath)
{
    public string Title { get; } = title;

    public string Description { get; } = description;

    /// <summary>Tag names without the leading @.</summary>
    public IReadOnlyList<string> Tags { get; } = tags;

    /// <summary>Path of the .feature file relative to the features folder's parent, e.g. Features/Registration.feature.</summary>
    public string FilePath { get; } = filePath;
}

public sealed class ScenarioInfo(
    string title,
    string description,
    IReadOnlyList<string> tags,
    IReadOnlyList<string> combinedTags,
    IReadOnlyDictionary<string, string> arguments)
{
    public string Title { get; } = title;

    public string Description { get; } = description;

    /// <summary>The scenario's own tags (and its Examples block's), without the leading @.</summary>
    public IReadOnlyList<string> Tags { get; } = tags;

    /// <summary>The scenario's tags plus the feature's.</summary>
    public IReadOnlyList<string> CombinedTags { get; } = combinedTags;

    /// <summary>The Examples row of a Scenario Outline, by column name; empty for a plain scenario.</summary>
    public IReadOnlyDictionary<string, string> Arguments { get; } = arguments;
}

/// <summary>Feature-level information, injectable into bindings.</summary>
public sealed class FeatureContext(FeatureInfo featureInfo) : Dictionary<string, object?>(StringComparer.Ordinal)
{
    public FeatureInfo FeatureInfo { get; } = featureInfo;
}

/// <summary>
/// The running scenario: what it is, how it is going, and a bag for sharing values between steps
/// (prefer a typed context class injected into the bindings' constructors).
/// </summary>
public sealed class ScenarioContext(ScenarioInfo scenarioInfo, FeatureContext featureContext)
    : Dictionary<string, object?>(StringComparer.Ordinal)
{
    public ScenarioInfo ScenarioInfo { get; } = scenarioInfo;

    public FeatureContext FeatureContext { get; } = featureContext;

    public ScenarioExecutionStatus ScenarioExecutionStatus { get; internal set; } = ScenarioExecutionStatus.OK;

    /// <summary>The error of the failed step (or hook), once one failed.</summary>
    public Exception? TestError { get; internal set; }

    public T Get<T>(string key) =>
        TryGetValue(key, out var value) && value is T typed
            ? typed
            : throw new KeyNotFoundException($"The scenario context holds no {typeof(T).Name} under '{key}'.");

    public void Set<T>(T value, string key) => this[key] = value;

    /// <summary>Stores a value under its type's name (one value per type).</summary>
    public void Set<T>(T value) => Set(value, typeof(T).FullName!);

    public T Get<T>() => Get<T>(typeof(T).FullName!);
}
