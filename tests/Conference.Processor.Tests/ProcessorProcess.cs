using System.Diagnostics;
using System.Text;

namespace Conference.Processor.Tests;

/// <summary>The built Conference.Processor run as a real child process, for tests that kill it.</summary>
internal sealed class ProcessorProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ProcessorProcess(IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"The processor exited ({process.ExitCode}) before it was ready:\n{Output}"));
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    private static string DllPath
    {
        get
        {
            // tests/Conference.Processor.Tests/bin/<Configuration>/<framework>/ → src/Conference.Processor/bin/<Configuration>/<framework>/
            var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var root = own.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            var path = Path.Combine(root, "src", "Conference.Processor", "bin", own.Parent!.Name, own.Name, "Conference.Processor.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build Conference.Processor first.", path);
        }
    }

    public static async Task<ProcessorProcess> StartAsync(IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var processor = new ProcessorProcess(environment, workingDirectory);
        processor.process.Start();
        processor.process.BeginOutputReadLine();
        processor.process.BeginErrorReadLine();
        await processor.ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return processor;
    }

    /// <summary>Runs the processor with <paramref name="arguments"/> (a verb) until it exits; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IReadOnlyDictionary<string, string> environment, string workingDirectory, params string[] arguments)
    {
        var processor = new ProcessorProcess(environment, workingDirectory);
        foreach (var argument in arguments)
        {
            processor.process.StartInfo.ArgumentList.Add(argument);
        }

        processor.process.Start();
        processor.process.BeginOutputReadLine();
        processor.process.BeginErrorReadLine();
        await processor.process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        // The output readers finish after the exit: wait for them, so the last lines are there.
        processor.process.WaitForExit();
        var result = (processor.process.ExitCode, processor.Output);
        processor.process.Dispose();
        return result;
    }

    /// <summary>Dies at once, as on a power cut: no shutdown, locks and outboxes left as they are.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (line.Contains("Conference.Processor ready", StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }
}
