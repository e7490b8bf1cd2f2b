using System.ComponentModel;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Conference.AcceptanceTests.Framework.Xunit;

/// <summary>A test case for one scenario: its own display name, skip reason and tags as traits.</summary>
public sealed class ScenarioTestCase : XunitTestCase
{
    private string scenarioDisplayName = string.Empty;
    private string? scenarioSkipReason;
    private string[] tags = [];

    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ScenarioTestCase()
    {
    }

    public ScenarioTestCase(
        IMessageSink diagnosticMessageSink,
        TestMethodDisplay defaultMethodDisplay,
        TestMethodDisplayOptions defaultMethodDisplayOptions,
        ITestMethod testMethod,
        ScenarioCase scenario,
        object[] testMethodArguments)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod, testMethodArguments)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        scenarioDisplayName = scenario.DisplayName;
        scenarioSkipReason = scenario.SkipReason;
        tags = [.. scenario.Scenario.CombinedTags];
    }

    public override void Serialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        base.Serialize(data);
        data.AddValue("ScenarioDisplayName", scenarioDisplayName);
        data.AddValue("ScenarioSkipReason", scenarioSkipReason);
        data.AddValue("ScenarioTags", tags);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        scenarioDisplayName = data.GetValue<string>("ScenarioDisplayName");
        scenarioSkipReason = data.GetValue<string?>("ScenarioSkipReason");
        tags = data.GetValue<string[]>("ScenarioTags") ?? [];
        base.Deserialize(data);
    }

    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName) => scenarioDisplayName;

    protected override string? GetSkipReason(IAttributeInfo factAttribute) => scenarioSkipReason;

    protected override void Initialize()
    {
        base.Initialize();

        // Tags become a Category trait: dotnet test --filter "Category=smoke" selects by tag.
        foreach (var tag in tags)
        {
            if (!Traits.TryGetValue("Category", out var values))
            {
                Traits["Category"] = values = [];
            }

            values.Add(tag);
        }
    }
}
