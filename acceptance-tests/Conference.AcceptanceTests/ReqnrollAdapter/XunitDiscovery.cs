using System.ComponentModel;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Conference.AcceptanceTests.ReqnrollAdapter;

/// <summary>
/// Turns a test method taking (string feature, string scenario) into one test case per Scenario and
/// per Examples row of every .feature file under <see cref="Folder"/> (next to the test assembly).
/// </summary>
[XunitTestCaseDiscoverer("Conference.AcceptanceTests.ReqnrollAdapter.ScenarioDiscoverer", "Conference.AcceptanceTests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ScenariosAttribute(string folder = "Features") : FactAttribute
{
    public string Folder { get; } = folder;
}

/// <summary>Reads the feature files at discovery, so that every scenario is its own test in any runner.</summary>
public sealed class ScenarioDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var folder = factAttribute.GetConstructorArguments().FirstOrDefault() as string ?? "Features";
        var cases = new List<IXunitTestCase>();
        foreach (var (fullPath, relativePath) in FeatureCatalog.Enumerate(BaseDirectory(testMethod), folder))
        {
            try
            {
                cases.AddRange(FeatureCatalog.Load(fullPath, relativePath).Select(s =>
                    new ScenarioTestCase(diagnosticMessageSink, display, displayOptions, testMethod, s, [relativePath, s.Key])));
            }
            catch (InvalidDataException e)
            {
                // A broken feature file shows up as a failing test rather than silently vanishing.
                cases.Add(new ExecutionErrorTestCase(diagnosticMessageSink, display, displayOptions, testMethod, e.Message));
            }
        }

        return cases;
    }

    private static string BaseDirectory(ITestMethod testMethod)
    {
        // Runners may report the assembly by bare file name; the base directory is then where it is.
        var directory = Path.GetDirectoryName(testMethod.TestClass.TestCollection.TestAssembly.Assembly.AssemblyPath);
        return string.IsNullOrEmpty(directory) ? AppContext.BaseDirectory : directory;
    }
}

/// <summary>The test case of one scenario: its display name, @ignore as its skip reason, its tags as Category traits.</summary>
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
        PickledScenario scenario,
        object[] testMethodArguments)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod, testMethodArguments)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        scenarioDisplayName = scenario.DisplayName;
        scenarioSkipReason = scenario.SkipReason;
        tags = [.. scenario.AllTags];
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

        // dotnet test --filter "Category=browser" selects by tag.
        if (tags.Length > 0)
        {
            Traits["Category"] = [.. tags];
        }
    }
}
