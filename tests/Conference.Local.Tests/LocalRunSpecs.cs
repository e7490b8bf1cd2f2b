using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Conference.Local.Tests;

public sealed partial class given_the_local_run : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("conference-local").FullName;

    public void Dispose() => Directory.Delete(data, recursive: true);

    [Fact]
    public async Task when_started_then_it_seeds_the_demo_conference_once_and_stops_cleanly_on_ctrl_c()
    {
        var first = await RunUntilReadyThenInterruptAsync();
        var second = await RunUntilReadyThenInterruptAsync();

        var code = AccessCode().Match(first).Groups["code"].Value;
        Assert.Matches("^[A-Z0-9]{6}$", code);
        Assert.Contains($"access code {code}", second, StringComparison.Ordinal);
        Assert.Contains("Stopped.", first, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(data, "conference.db")));
    }

    [Fact]
    public async Task when_started_with_no_seed_then_no_conference_is_created()
    {
        var output = await RunUntilReadyThenInterruptAsync("--no-seed");

        Assert.DoesNotContain("Demo conference", output, StringComparison.Ordinal);
    }

    private async Task<string> RunUntilReadyThenInterruptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(LocalDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CONFERENCE_LOCAL_DATA"] = data;
        var output = new StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = start };
        void Record(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            if (line.Contains("Press Ctrl+C to stop.", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        }

        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(90));

            // What Ctrl+C sends.
            using (var interrupt = Process.Start("kill", ["-s", "INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The local run did not start or stop in time:\n" + output);
        }

        Assert.Equal(0, process.ExitCode);
        return output.ToString();
    }

    private static string LocalDll
    {
        get
        {
            var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var root = own.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(root, "src", "Conference.Local", "bin", own.Parent!.Name, own.Name, "Conference.Local.dll");
        }
    }

    [GeneratedRegex("access code (?<code>[A-Z0-9]{6})")]
    private static partial Regex AccessCode();
}
