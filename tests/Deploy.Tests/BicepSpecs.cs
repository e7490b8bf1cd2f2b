using Conference.Deploy.Topology;

namespace Deploy.Tests;

/// <summary>The templates compile and pass the linter without a single warning; the topology they load is the settings file's.</summary>
public sealed class BicepSpecs
{
    public static TheoryData<string> Templates => [.. Repository.Templates.Select(t => Path.GetRelativePath(Repository.Deploy, t))];

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task given_a_template_when_bicep_builds_it_then_it_compiles_without_warnings(string template)
    {
        var (exitCode, _, error) = await Repository.RunAsync(Repository.Bicep, ["build", Path.Combine(Repository.Deploy, template), "--stdout"]);

        Assert.True(exitCode == 0 && error.Trim().Length == 0, $"bicep build {template} (exit {exitCode}):\n{error}");
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task given_a_template_when_bicep_lints_it_then_it_reports_nothing(string template)
    {
        var (exitCode, output, error) = await Repository.RunAsync(Repository.Bicep, ["lint", Path.Combine(Repository.Deploy, template)]);

        Assert.True(exitCode == 0 && (output + error).Trim().Length == 0, $"bicep lint {template} (exit {exitCode}):\n{output}{error}");
    }

    [Fact]
    public void given_the_settings_template_when_the_topology_is_generated_then_the_committed_topology_json_is_the_same()
    {
        var generated = TopologyDocument.FromSettingsFile(Repository.SettingsTemplate);

        Assert.True(
            generated == File.ReadAllText(Path.Combine(Repository.Deploy, "topology.json")),
            "deploy/topology.json is out of date: run 'dotnet run --project deploy/Conference.Deploy.Topology -- Settings.Template.xml deploy/topology.json'.");
    }
}
