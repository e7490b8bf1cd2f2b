using Conference.AcceptanceTests.Drivers;
using Conference.AcceptanceTests.Framework;
using Conference.AcceptanceTests.Framework.Xunit;
using Xunit.Abstractions;

namespace Conference.AcceptanceTests;

/// <summary>Every scenario of every file under Features/ is one test of this method.</summary>
[Collection(AcceptanceCollection.Name)]
public sealed class FeatureScenarios(SystemUnderTest system, ITestOutputHelper output)
{
    private static readonly ScenarioRunner Runner = new(BindingRegistry.ForAssembly(typeof(FeatureScenarios).Assembly));

    [Scenarios("Features")]
    public async Task Run(string feature, string scenario)
    {
        var scenarioCase = FeatureFolder.Find(AppContext.BaseDirectory, feature, scenario);
        var result = await Runner.RunAsync(scenarioCase, output, container => container.RegisterInstanceAs(system));
        result.ThrowIfFailed();
    }
}
