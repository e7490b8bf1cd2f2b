using Reqnroll;
using Reqnroll.BoDi;

// Everything here drives the running system or a browser: one test at a time (two cores, one
// Chromium at a time, one set of hosts).
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Conference.AcceptanceTests.Drivers;

/// <summary>The run's one <see cref="SystemUnderTest"/>: in every scenario's container, stopped after the last scenario.</summary>
[Binding]
public sealed class SystemHooks
{
    private static readonly SystemUnderTest Shared = new();

    [BeforeScenario(Order = 0)]
    public static void ShareTheRunningSystem(IObjectContainer scenarioContainer)
    {
        ArgumentNullException.ThrowIfNull(scenarioContainer);
        scenarioContainer.RegisterInstanceAs(Shared);
    }

    [AfterTestRun]
    public static async Task StopTheHostsAsync() => await Shared.DisposeAsync();
}
