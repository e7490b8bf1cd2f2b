using System.Diagnostics;

namespace Conference.Local;

/// <summary>One host run as a child process, its output prefixed with its name; stopped gracefully, killed if it hangs.</summary>
internal sealed class ChildHost(string name, string dll, string workingDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> arguments) : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(40);
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? process;

    public string Name => name;

    /// <summary>Completes when the host prints <paramref name="readyText"/>.</summary>
    public Task Ready => ready.Task;

    public string ReadyText { get; init; } = "Application started";

    public bool HasExited => process?.HasExited ?? true;

    /// <summary>The CPU time the host has used so far (zero when it is not running): the load test reports it.</summary>
    public TimeSpan ProcessorTime => process is { HasExited: false } running ? running.TotalProcessorTime : TimeSpan.Zero;

    public void Start()
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{name} is not built: {dll} is missing. Run `dotnet build Conference.sln` or `dotnet run --project src/Conference.Local`.", dll);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        process.OutputDataReceived += (_, e) => Forward(e.Data, Console.Out);
        process.ErrorDataReceived += (_, e) => Forward(e.Data, Console.Error);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"{name} exited with code {process.ExitCode} before it was ready."));
    }

    public async ValueTask DisposeAsync()
    {
        if (process is null)
        {
            return;
        }

        // Ctrl+C in a terminal has already sent SIGINT to the whole group; a `kill` reaches only us.
        await ProcessStop.TerminateAsync(process, StopGrace);
        process.Dispose();
    }

    private void Forward(string? line, TextWriter writer)
    {
        if (line is null)
        {
            return;
        }

        if (line.Contains(ReadyText, StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }

        lock (Console.Out)
        {
            writer.WriteLine($"[{name}] {line}");
        }
    }
}
