using Xunit.Abstractions;

namespace Conference.AcceptanceTests.ReqnrollAdapter;

/// <summary>Every scenario of every file under Features/ is one test of this method.</summary>
[Collection(ReqnrollTestRun.CollectionName)]
public sealed class FeatureScenarios(ITestOutputHelper output)
{
    [Scenarios("Features")]
    public Task Run(string feature, string scenario) =>
        ScenarioExecutor.RunAsync(FeatureCatalog.Find(AppContext.BaseDirectory, feature, scenario), output);
}

/// <summary>
/// Reqnroll's test run, as long as the scenarios' collection: BeforeTestRun hooks when it starts,
/// the open feature ended and AfterTestRun hooks (the hosts stopped) when its last test is done.
/// </summary>
public sealed class ReqnrollTestRun : IAsyncLifetime
{
    public const string CollectionName = "Reqnroll scenarios";

    public Task InitializeAsync() => ScenarioExecutor.StartTestRunAsync();

    public Task DisposeAsync() => ScenarioExecutor.EndTestRunAsync();
}

[CollectionDefinition(ReqnrollTestRun.CollectionName)]
public sealed class ReqnrollScenariosCollection : ICollectionFixture<ReqnrollTestRun>;
