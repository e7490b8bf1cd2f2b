using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Conference.AcceptanceTests.Drivers;

/// <summary>What to start and how to know it is ready.</summary>
public sealed class HostProcessOptions
{
    /// <summary>Names the host in messages ("public site", "processor").</summary>
    public required string Name { get; init; }

    /// <summary>The built dll, run as `dotnet &lt;dll&gt;` (see <see cref="RepositoryPaths.HostDll"/>).</summary>
    public required string DllPath { get; init; }

    /// <summary>Command-line arguments right after the dll (a verb such as migrate first); --urls follows them.</summary>
    public IList<string> Arguments { get; init; } = [];

    /// <summary>Environment variables for the host; settings use the ASP.NET form Section__Key.</summary>
    public IDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The path polled until it answers (any status below 500); null for a host without HTTP, which is
    /// then ready as soon as it has started and not exited during <see cref="NoHttpGracePeriod"/>.
    /// </summary>
    public string? ReadinessPath { get; init; } = "/";

    /// <summary>Whether to pass --urls http://127.0.0.1:&lt;free port&gt;.</summary>
    public bool Http { get; init; } = true;

    /// <summary>For a host without HTTP: it is ready once its output contains this text (e.g. "Conference.Processor ready").</summary>
    public string? ReadyOutput { get; init; }

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan NoHttpGracePeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The working directory (default: the repository root, where Settings.xml would be).</summary>
    public string? WorkingDirectory { get; init; }
}

/// <summary>
/// A host (web site, processor) running as a real child process: `dotnet &lt;dll&gt; --urls
/// http://127.0.0.1:&lt;free port&gt;`, its output captured, killed with its whole process tree on dispose.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private const int MaxCapturedChars = 200_000;

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly Lock outputLock = new();
    private bool disposed;

    private HostProcess(HostProcessOptions options, Process process, Uri? baseAddress)
    {
        Options = options;
        this.process = process;
        BaseAddress = baseAddress;
    }

    public HostProcessOptions Options { get; }

    /// <summary>http://127.0.0.1:&lt;port&gt;/ for a web host; null for one without HTTP.</summary>
    public Uri? BaseAddress { get; }

    public int ProcessId { get; private set; }

    public bool HasExited => disposed || process.HasExited;

    /// <summary>Everything the host wrote to stdout and stderr so far (the tail, if very long).</summary>
    public string Output
    {
        get
        {
            lock (outputLock)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>An absolute URL on this host.</summary>
    public Uri Url(string relative) =>
        new(BaseAddress ?? throw new InvalidOperationException($"{Options.Name} has no HTTP address."), relative.TrimStart('/'));

    /// <summary>Starts the host and returns once its readiness URL answers; throws with its output otherwise.</summary>
    public static async Task<HostProcess> StartAsync(HostProcessOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(options.DllPath))
        {
            throw new FileNotFoundException($"{options.Name}: {options.DllPath} does not exist; build the solution first (dotnet build Conference.sln).", options.DllPath);
        }

        Uri? baseAddress = options.Http
            ? new Uri($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}/")
            : null;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = options.WorkingDirectory ?? RepositoryPaths.Root,
        };
        start.ArgumentList.Add(options.DllPath);
        foreach (var argument in options.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (baseAddress is not null)
        {
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        }

        // Plain logs, no "Now listening" colour codes; Development only where the caller asks for it.
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled";
        foreach (var (key, value) in options.Environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new HostProcess(options, process, baseAddress);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{options.Name}: dotnet {options.DllPath} did not start.");
        }

        host.ProcessId = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host.WaitUntilReadyAsync(cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        if (Options.ReadyOutput is { } readyText)
        {
            while (!Output.Contains(readyText, StringComparison.Ordinal))
            {
                if (process.HasExited)
                {
                    throw Failure($"exited with code {process.ExitCode} before saying \"{readyText}\"");
                }

                if (watch.Elapsed > Options.StartTimeout)
                {
                    throw Failure($"did not say \"{readyText}\" within {Options.StartTimeout.TotalSeconds:0} s");
                }

                await Task.Delay(100, cancellationToken);
            }

            return;
        }

        if (BaseAddress is null || Options.ReadinessPath is null)
        {
            await Task.Delay(Options.NoHttpGracePeriod, cancellationToken);
            if (process.HasExited)
            {
                throw Failure($"exited with code {process.ExitCode} while starting");
            }

            return;
        }

        var readiness = Url(Options.ReadinessPath);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string? lastProblem = null;
        while (watch.Elapsed < Options.StartTimeout)
        {
            if (process.HasExited)
            {
                throw Failure($"exited with code {process.ExitCode} before {readiness} answered");
            }

            try
            {
                using var response = await http.GetAsync(readiness, cancellationToken);
                if ((int)response.StatusCode < 500)
                {
                    return;
                }

                lastProblem = $"{readiness} answered {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                lastProblem = e.Message;
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                lastProblem = e.Message;
            }

            await Task.Delay(200, cancellationToken);
        }

        throw Failure($"did not answer {readiness} within {Options.StartTimeout.TotalSeconds:0} s (last: {lastProblem})");
    }

    private HostProcessException Failure(string what)
    {
        if (process.HasExited)
        {
            // Without a timeout this also waits for the output readers to reach the end of the streams,
            // so the last lines (usually the reason it died) are in the message.
            process.WaitForExit();
        }

        var captured = Output;
        return new HostProcessException(
            $"{Options.Name} (dotnet {Path.GetFileName(Options.DllPath)}) {what}." + System.Environment.NewLine
            + (captured.Length == 0 ? "It wrote nothing." : "Its output:" + System.Environment.NewLine + captured));
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (outputLock)
        {
            output.AppendLine(line);
            if (output.Length > MaxCapturedChars)
            {
                output.Remove(0, output.Length - MaxCapturedChars);
            }
        }
    }

    /// <summary>
    /// Freezes the host (SIGSTOP) until <see cref="ResumeAsync"/>: it holds its state and connections but
    /// does nothing, as a worker that is slow or busy elsewhere would, so a scenario can look at what the
    /// sites show before the worker acted, without racing it.
    /// </summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>Lets a host frozen by <see cref="PauseAsync"/> go on (SIGCONT); harmless on one that runs.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    private async Task SignalAsync(string signal)
    {
        if (HasExited)
        {
            throw new InvalidOperationException($"{Options.Name} has exited.");
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", [signal, process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException($"Could not run kill {signal} for {Options.Name}.");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {process.Id} for {Options.Name} exited with {kill.ExitCode}.");
        }
    }

    /// <summary>Kills the host and everything it started, and waits for it to be gone.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped: nothing left to stop.
        }
        finally
        {
            process.Dispose();
        }
    }
}

public sealed class HostProcessException : Exception
{
    public HostProcessException()
    {
    }

    public HostProcessException(string message)
        : base(message)
    {
    }

    public HostProcessException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
