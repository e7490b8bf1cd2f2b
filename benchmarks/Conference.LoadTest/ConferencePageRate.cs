using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Conference.LoadTest;

/// <summary>
/// Requests/s of the conference page (read from the site's cache) beside an ASP.NET Core minimal
/// endpoint on the same machine in the same run, both measured with wrk; skipped, saying so, without wrk.
/// </summary>
internal static class ConferencePageRate
{
    private const string Minimal = "Conference";

    public static async Task MeasureAsync(Uri conferencePage, int minimalPort, TimeSpan duration, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{minimalPort}");
        await using var minimal = builder.Build();
        minimal.MapGet("/", () => Minimal);
        await minimal.StartAsync(cancellationToken);
        try
        {
            var page = await WrkAsync(conferencePage, duration, cancellationToken);
            if (page is null)
            {
                return;
            }

            var endpoint = await WrkAsync(new Uri($"http://127.0.0.1:{minimalPort}/"), duration, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"conference page {conferencePage.AbsolutePath}: {page:0} requests/s; minimal endpoint: {endpoint:0} requests/s; ratio {page / endpoint:P0} (wrk, 2 threads, 32 connections, {duration.TotalSeconds:0} s each)"));
        }
        finally
        {
            await minimal.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<double?> WrkAsync(Uri url, TimeSpan duration, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-t2", "-c32", $"-d{duration.TotalSeconds:0}s", url.ToString() })
        {
            start.ArgumentList.Add(argument);
        }

        Process wrk;
        try
        {
            wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
        }
        catch (Win32Exception)
        {
            Console.WriteLine("conference page requests/s: SKIPPED, wrk is not installed (Debian: apt-get install -y wrk)");
            return null;
        }

        using (wrk)
        {
            var errors = wrk.StandardError.ReadToEndAsync(cancellationToken);
            var output = await wrk.StandardOutput.ReadToEndAsync(cancellationToken);
            await wrk.WaitForExitAsync(cancellationToken);
            var line = output.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith("Requests/sec:", StringComparison.Ordinal));
            if (wrk.ExitCode != 0 || line is null)
            {
                throw new InvalidOperationException($"wrk failed on {url} (exit code {wrk.ExitCode}): {output}{await errors}");
            }

            if (output.Contains("Non-2xx", StringComparison.Ordinal))
            {
                Console.WriteLine($"wrk on {url}: some responses were not 2xx: {output.Trim()}");
            }

            return double.Parse(line.Split(':', 2)[1].Trim(), CultureInfo.InvariantCulture);
        }
    }
}
