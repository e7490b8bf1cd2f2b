using Conference.AcceptanceTests.Drivers;

namespace Conference.AcceptanceTests.Layer;

/// <summary>The shared fixture starts the real processor on this run's own settings.</summary>
[Collection(AcceptanceCollection.Name)]
public sealed class SystemUnderTestSpecs(SystemUnderTest system)
{
    [Fact]
    public async Task The_processor_starts_once_on_the_runs_own_database_and_settings()
    {
        var processor = await system.ProcessorAsync();

        Assert.Same(processor, await system.ProcessorAsync());
        Assert.False(processor.HasExited);
        Assert.Contains("Conference.Processor ready", processor.Output, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(system.DataDirectory, "Settings.xml"), processor.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(system.DataDirectory, "conference.db")));
    }
}
