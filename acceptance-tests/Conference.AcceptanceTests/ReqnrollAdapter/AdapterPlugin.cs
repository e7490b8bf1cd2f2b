using Conference.AcceptanceTests.ReqnrollAdapter;
using Reqnroll.Infrastructure;
using Reqnroll.Plugins;
using Reqnroll.Tracing;
using Reqnroll.UnitTestProvider;
using Xunit.Abstractions;

// Reqnroll looks for runtime plugins in the test assembly too: this one is the adapter's
// unit-test provider, what Reqnroll.xUnit's own plugin would otherwise register.
[assembly: RuntimePlugin(typeof(AdapterPlugin))]

namespace Conference.AcceptanceTests.ReqnrollAdapter;

/// <summary>
/// Registers the adapter with Reqnroll: its unit-test runtime provider (what pending, ignored and
/// inconclusive steps throw), and where Reqnroll's output and attachments go (the running
/// scenario's xUnit output).
/// </summary>
public sealed class AdapterPlugin : IRuntimePlugin
{
    public const string ProviderName = "conference-xunit-adapter";

    public void Initialize(RuntimePluginEvents runtimePluginEvents, RuntimePluginParameters runtimePluginParameters, UnitTestProviderConfiguration unitTestProviderConfiguration)
    {
        ArgumentNullException.ThrowIfNull(runtimePluginEvents);
        ArgumentNullException.ThrowIfNull(unitTestProviderConfiguration);
        unitTestProviderConfiguration.UseUnitTestProvider(ProviderName);
        runtimePluginEvents.RegisterGlobalDependencies += (_, e) =>
            e.ObjectContainer.RegisterTypeAs<AdapterRuntimeProvider, IUnitTestRuntimeProvider>(ProviderName);
        runtimePluginEvents.CustomizeGlobalDependencies += (_, e) =>
            e.ObjectContainer.RegisterTypeAs<ScenarioOutputAttachments, IReqnrollAttachmentHandler>();
        runtimePluginEvents.CustomizeTestThreadDependencies += (_, e) =>
            e.ObjectContainer.RegisterTypeAs<ScenarioOutputListener, ITraceListener>();
    }
}

/// <summary>A step that is pending, or a scenario ignored or inconclusive at run time: each fails the test, saying which.</summary>
public sealed class AdapterRuntimeProvider : IUnitTestRuntimeProvider
{
    public void TestPending(string message) => throw new ScenarioNotRunException("Pending: " + message);

    public void TestInconclusive(string message) => throw new ScenarioNotRunException("Inconclusive: " + message);

    public void TestIgnore(string message) => throw new ScenarioNotRunException("Ignored at run time: " + message);

    public Reqnroll.ScenarioExecutionStatus? DetectExecutionStatus(Exception exception) => null;
}

/// <summary>What <see cref="AdapterRuntimeProvider"/> throws.</summary>
public sealed class ScenarioNotRunException : Exception
{
    public ScenarioNotRunException()
    {
    }

    public ScenarioNotRunException(string message)
        : base(message)
    {
    }

    public ScenarioNotRunException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The xUnit output of the scenario running on this async flow, and the files attached to it.</summary>
public sealed class ScenarioOutput(ITestOutputHelper? output)
{
    private static readonly AsyncLocal<ScenarioOutput?> CurrentFlow = new();

    public static ScenarioOutput? Current
    {
        get => CurrentFlow.Value;
        set => CurrentFlow.Value = value;
    }

    public List<string> Attachments { get; } = [];

    public void WriteLine(string line)
    {
        try
        {
            output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test has already ended (a hook finishing late): there is no one left to tell.
        }
    }
}

/// <summary>Reqnroll's step log and its bindings' IReqnrollOutputHelper.WriteLine, into the test's output.</summary>
public sealed class ScenarioOutputListener : ITraceListener
{
    public void WriteTestOutput(string message) => ScenarioOutput.Current?.WriteLine(message);

    public void WriteToolOutput(string message) => ScenarioOutput.Current?.WriteLine("-> " + message);
}

/// <summary>IReqnrollOutputHelper.AddAttachment: the file is named in the output and in a failure's message.</summary>
public sealed class ScenarioOutputAttachments : IReqnrollAttachmentHandler
{
    public void AddAttachment(string filePath)
    {
        var current = ScenarioOutput.Current;
        current?.Attachments.Add(filePath);
        current?.WriteLine("-> Attachment: " + filePath);
    }
}
