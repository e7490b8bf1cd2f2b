using Conference.AcceptanceTests.Drivers;

namespace Conference.AcceptanceTests.Layer;

/// <summary>A system under test starts the real processor on its own run's database and settings.</summary>
public sealed class SystemUnderTestSpecs
{
    [Fact]
    public async Task The_processor_starts_once_on_the_runs_own_database_and_settings()
    {
        await using var system = new SystemUnderTest();
        var processor = await system.ProcessorAsync();

        Assert.Same(processor, await system.ProcessorAsync());
        Assert.False(processor.HasExited);
        Assert.Contains("Conference.Processor ready", processor.Output, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(system.DataDirectory, "Settings.xml"), processor.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(system.DataDirectory, "conference.db")));
    }

    [Fact]
    public async Task Disposing_stops_the_hosts_and_removes_the_runs_data()
    {
        var system = new SystemUnderTest();
        var processor = await system.ProcessorAsync();
        var data = system.DataDirectory;

        await system.DisposeAsync();

        Assert.True(processor.HasExited);
        Assert.False(Directory.Exists(data));
    }
}
