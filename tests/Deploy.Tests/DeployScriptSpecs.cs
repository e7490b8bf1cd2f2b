using System.IO.Compression;

namespace Deploy.Tests;

/// <summary>deploy/deploy.sh as an operator runs it: prerequisites checked before anything is built, and its publish step.</summary>
public sealed class DeployScriptSpecs
{
    private static string Script => Path.Combine(Repository.Deploy, "deploy.sh");

    [Fact]
    public async Task given_no_azure_cli_when_what_if_runs_then_it_stops_at_once_saying_the_cli_is_missing()
    {
        var (exitCode, _, error) = await Repository.RunAsync(Script, ["--environment", "dev", "--resource-group", "rg-conference-dev", "--what-if"], new Dictionary<string, string?> { ["AZ"] = "/nonexistent/az" }, timeoutMinutes: 1);

        Assert.Equal(3, exitCode);
        Assert.Contains("the Azure CLI (az) is not installed", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_an_azure_cli_not_signed_in_when_what_if_runs_then_it_stops_saying_to_sign_in()
    {
        // The Azure CLI does not run here: a stand-in that answers as az does without a sign-in (exit 1 on every command).
        var folder = Directory.CreateTempSubdirectory("conference-deploy-az-").FullName;
        var az = Path.Combine(folder, "az");
        await File.WriteAllTextAsync(az, "#!/bin/sh\necho \"Please run 'az login' to setup account.\" >&2\nexit 1\n");
        File.SetUnixFileMode(az, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var (exitCode, _, error) = await Repository.RunAsync(Script, ["--environment", "dev", "--resource-group", "rg-conference-dev", "--what-if"], new Dictionary<string, string?> { ["AZ"] = az }, timeoutMinutes: 1);

            Assert.Equal(4, exitCode);
            Assert.Contains("not signed in to Azure: run 'az login'", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task given_no_environment_name_when_it_runs_then_it_says_which_argument_is_missing()
    {
        var (exitCode, _, error) = await Repository.RunAsync(Script, ["--resource-group", "rg-conference-dev"], timeoutMinutes: 1);

        Assert.Equal(1, exitCode);
        Assert.Contains("--environment <name> is required", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task when_it_only_publishes_then_each_host_is_a_zip_package_with_its_entry_point()
    {
        var folder = Directory.CreateTempSubdirectory("conference-deploy-packages-").FullName;
        try
        {
            var (exitCode, output, error) = await Repository.RunAsync(Script, ["--publish-only", folder], timeoutMinutes: 30);

            Assert.True(exitCode == 0, $"deploy.sh --publish-only failed (exit {exitCode}):\n{output}\n{error}");
            foreach (var host in new[] { "Conference.Web.Public", "Conference.Web.Admin", "Conference.Processor" })
            {
                using var zip = ZipFile.OpenRead(Path.Combine(folder, host + ".zip"));
                var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
                Assert.Contains($"{host}.dll", entries);
                Assert.Contains($"{host}.runtimeconfig.json", entries);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
