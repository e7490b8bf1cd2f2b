using Xunit.Sdk;

namespace Conference.AcceptanceTests.Framework.Xunit;

/// <summary>
/// Turns a test method taking (string feature, string scenario) into one test case per Scenario and
/// per Examples row of every .feature file under <see cref="Folder"/> (next to the test assembly),
/// named "Feature: Scenario"; @ignore makes a case skipped.
/// </summary>
[XunitTestCaseDiscoverer("Conference.AcceptanceTests.Framework.Xunit.ScenarioDiscoverer", "Conference.AcceptanceTests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ScenariosAttribute(string folder = "Features") : FactAttribute
{
    public string Folder { get; } = folder;
}
