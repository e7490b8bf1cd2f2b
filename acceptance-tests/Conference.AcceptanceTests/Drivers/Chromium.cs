using Microsoft.Playwright;

namespace Conference.AcceptanceTests.Drivers;

/// <summary>Debian's chromium package, driven by Playwright (which cannot download its own browsers here).</summary>
public static class Chromium
{
    /// <summary>Overrides where the chromium binary is (test.sh exports it).</summary>
    public const string ExecutableVariable = "CONFERENCE_CHROMIUM";

    public const string DefaultExecutable = "/usr/bin/chromium";

    // Without the background-networking switches Chromium keeps calling outside services that this
    // network refuses; the sandbox needs privileges a CI container does not grant.
    public static IReadOnlyList<string> Arguments { get; } =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    public static string Executable
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(ExecutableVariable);
            var path = string.IsNullOrWhiteSpace(configured) ? DefaultExecutable : configured;
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException(
                    $"Chromium is not at {path}. Install Debian's package (apt-get install -y chromium) or point {ExecutableVariable} at the binary; ./test.sh does both.",
                    path);
        }
    }

    public static BrowserTypeLaunchOptions LaunchOptions() => new()
    {
        ExecutablePath = Executable,
        Headless = true,
        Args = [.. Arguments],
    };
}
