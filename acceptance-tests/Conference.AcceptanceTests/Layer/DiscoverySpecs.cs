using Conference.AcceptanceTests.Framework.Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Conference.AcceptanceTests.Layer;

/// <summary>What a test runner sees: one test case per scenario and Examples row of Features/.</summary>
public sealed class DiscoverySpecs
{
    private sealed class Options : ITestFrameworkDiscoveryOptions
    {
        public TValue GetValue<TValue>(string name) => default!;

        public void SetValue<TValue>(string name, TValue value)
        {
        }
    }

    private static List<IXunitTestCase> Discover()
    {
        var assembly = new TestAssembly(Reflector.Wrap(typeof(FeatureScenarios).Assembly));
        var collection = new TestCollection(assembly, null, "discovery");
        var testClass = new TestClass(collection, Reflector.Wrap(typeof(FeatureScenarios)));
        var testMethod = new TestMethod(testClass, Reflector.Wrap(typeof(FeatureScenarios).GetMethod(nameof(FeatureScenarios.Run))!));
        var attribute = testMethod.Method.GetCustomAttributes(typeof(ScenariosAttribute)).Single();
        return [.. new ScenarioDiscoverer(new NullMessageSink()).Discover(new Options(), testMethod, attribute)];
    }

    [Fact]
    public void Every_scenario_and_examples_row_of_the_layer_feature_is_a_named_test()
    {
        var cases = Discover().Where(c => c.DisplayName.StartsWith("Acceptance layer: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, cases.Count);
        Assert.Contains(cases, c => c.DisplayName == "Acceptance layer: A data table becomes typed rows");
        Assert.Equal(2, cases.Count(c => c.DisplayName.StartsWith("Acceptance layer: An outline runs once per Examples row (", StringComparison.Ordinal)));
        Assert.Equal(cases.Count, cases.Select(c => c.UniqueID).Distinct().Count());
        Assert.All(cases, c => Assert.Equal(["Features/AcceptanceLayer.feature"], c.TestMethodArguments.Take(1)));
    }

    [Fact]
    public void The_ignored_scenario_is_skipped_with_its_reason_and_tags_become_categories()
    {
        var cases = Discover().Where(c => c.DisplayName.StartsWith("Acceptance layer: ", StringComparison.Ordinal)).ToList();
        var ignored = Assert.Single(cases, c => c.SkipReason is not null);
        Assert.Equal("Acceptance layer: An ignored scenario is reported as skipped", ignored.DisplayName);
        Assert.Contains("AcceptanceLayer.feature:", ignored.SkipReason, StringComparison.Ordinal);

        var browser = Assert.Single(cases, c => c.DisplayName.EndsWith("fills in a form in Chromium", StringComparison.Ordinal));
        Assert.Equal(["layer", "browser"], browser.Traits["Category"]);
    }

    [Fact]
    public void A_case_keeps_its_name_and_skip_reason_through_serialization()
    {
        // Runners serialize cases between discovery and execution (Visual Studio, filtered runs).
        foreach (var testCase in Discover())
        {
            var copy = SerializationHelper.Deserialize<IXunitTestCase>(SerializationHelper.Serialize(testCase));
            Assert.Equal(testCase.DisplayName, copy.DisplayName);
            Assert.Equal(testCase.SkipReason, copy.SkipReason);
            Assert.Equal(testCase.UniqueID, copy.UniqueID);
        }
    }
}
