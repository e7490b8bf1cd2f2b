using System.Diagnostics;

namespace Deploy.Tests;

/// <summary>The repository's folders and the Bicep CLI restored into the NuGet cache by this project's PackageDownload.</summary>
internal static class Repository
{
    public const string BicepVersion = "0.49.2";

    public static string Root { get; } = FindRoot();

    public static string Deploy => Path.Combine(Root, "deploy");

    public static string SettingsTemplate => Path.Combine(Root, "Settings.Template.xml");

    public static string Bicep
    {
        get
        {
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
                ? configured
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var bicep = Path.Combine(packages, "azure.bicep.commandline.linux-x64", BicepVersion, "tools", "bicep");
            Assert.True(File.Exists(bicep), $"The Bicep CLI is not at {bicep}: restore tests/Deploy.Tests.");

            // NuGet does not keep the run bit.
            File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);

            return bicep;
        }
    }

    public static IEnumerable<string> Templates =>
        Directory.EnumerateFiles(Deploy, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="file"/> to its end (bounded) and returns its exit code and both outputs.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string file, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null, int timeoutMinutes = 5)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(timeoutMinutes));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not end within {timeoutMinutes} minutes.");
        }

        return (process.ExitCode, await output, await error);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Conference.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Conference.sln not found above " + AppContext.BaseDirectory);
    }
}
