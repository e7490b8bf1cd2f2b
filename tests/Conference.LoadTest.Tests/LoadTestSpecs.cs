using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Conference.LoadTest.Tests;

public sealed class given_the_load_test : IDisposable
{
    private readonly string output = Directory.CreateTempSubdirectory("conference-loadtest").FullName;

    public void Dispose() => Directory.Delete(output, recursive: true);

    [Fact]
    public async Task when_run_at_two_purchases_a_second_on_sqlite_then_its_end_checks_pass_and_it_writes_a_row_per_purchase()
    {
        // A long drain: on a loaded machine a purchase can take many seconds; the run ends as soon as all are done.
        var (exitCode, log) = await RunAsync("--rate", "2", "--duration", "3", "--drain", "240", "--wrk", "0", "--port", FreePort(), "--output", output);

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{log}");
        Assert.Contains("PASS  every order confirmed exactly once", log, StringComparison.Ordinal);
        Assert.Contains("PASS  no seat oversold", log, StringComparison.Ordinal);
        var rows = await File.ReadAllLinesAsync(Path.Combine(output, "purchases.csv"));
        Assert.StartsWith("number,order_id,", rows[0], StringComparison.Ordinal);
        Assert.Equal(6, rows.Length - 1);
        Assert.True(new FileInfo(Path.Combine(output, "latency.png")).Length > 0);
    }

    [Fact]
    public async Task when_given_an_unknown_option_then_it_prints_the_usage_and_exits_with_2()
    {
        var (exitCode, log) = await RunAsync("--rate", "fast");

        Assert.Equal(2, exitCode);
        Assert.Contains("--rate must be a positive number, not 'fast'", log, StringComparison.Ordinal);
        Assert.Contains("Usage: Conference.LoadTest", log, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Log)> RunAsync(params string[] arguments)
    {
        // The load test is built next to this project by the project reference, in the same configuration.
        var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = own.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "benchmarks", "Conference.LoadTest", "bin", own.Parent.Name, own.Name, "Conference.LoadTest.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var log = new StringBuilder();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The load test did not finish in 8 minutes:\n{log}");
        }

        // The asynchronous readers may still be delivering the last lines.
        process.WaitForExit();
        lock (log)
        {
            return (process.ExitCode, log.ToString());
        }
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }
}
