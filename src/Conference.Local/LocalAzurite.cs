using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Conference.Local;

/// <summary>
/// Azurite, the Azure Storage emulator, for <c>--azurite</c>: installed with npm into the git-ignored
/// <c>.tools/azurite</c> when missing (the version ./test.sh uses), started on three free local ports
/// with its data under <c>.data/azurite</c>, and stopped with the local run.
/// </summary>
internal sealed class LocalAzurite : IAsyncDisposable
{
    public const string Version = "3.37.0";

    // Azurite's well-known development account and key: published with the emulator, not a secret.
    private const string Account = "devstoreaccount1";
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly Process process;
    private readonly StringBuilder output;

    private LocalAzurite(Process process, StringBuilder output, int blobPort, int queuePort, int tablePort)
    {
        this.process = process;
        this.output = output;
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/{Account};QueueEndpoint=http://127.0.0.1:{queuePort}/{Account};TableEndpoint=http://127.0.0.1:{tablePort}/{Account};";
    }

    /// <summary>The storage connection string the hosts are given.</summary>
    public string ConnectionString { get; }

    public static async Task<LocalAzurite> StartAsync(string root, string dataDirectory, CancellationToken cancellationToken)
    {
        var prefix = Path.Combine(root, ".tools", "azurite");
        var executable = Path.Combine(prefix, "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            Console.WriteLine($"Installing Azurite {Version} (npm) into {prefix}...");
            Directory.CreateDirectory(prefix);
            await InstallAsync(prefix, cancellationToken);
        }

        var location = Path.Combine(dataDirectory, "azurite");
        Directory.CreateDirectory(location);
        int[] ports = [FreePort(), FreePort(), FreePort()];
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--location", location, "--disableTelemetry", "--skipApiVersionCheck", "--loose",
            "--blobHost", "127.0.0.1", "--blobPort", Text(ports[0]),
            "--queueHost", "127.0.0.1", "--queuePort", Text(ports[1]),
            "--tableHost", "127.0.0.1", "--tablePort", Text(ports[2]),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new LocalAzurite(process, output, ports[0], ports[1], ports[2]);
        try
        {
            await azurite.WaitUntilListeningAsync(ports, cancellationToken);
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }

        Console.WriteLine($"Azurite {Version} on 127.0.0.1:{ports[0]} (blob), {ports[2]} (table), data in {location}");
        return azurite;
    }

    /// <summary>Stops Azurite with SIGTERM (it saves its data and exits), killing it if it has not exited after a grace period.</summary>
    public async ValueTask DisposeAsync()
    {
        await ProcessStop.TerminateAsync(process, StopGrace);
        process.Dispose();
    }

    private static async Task InstallAsync(string prefix, CancellationToken cancellationToken)
    {
        var install = new ProcessStartInfo("npm") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", "--loglevel=error", $"azurite@{Version}" })
        {
            install.ArgumentList.Add(argument);
        }

        Process npm;
        try
        {
            npm = Process.Start(install) ?? throw new InvalidOperationException("npm did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"--azurite needs npm (Node.js) to install Azurite: {ex.Message}", ex);
        }

        using (npm)
        {
            var errors = npm.StandardError.ReadToEndAsync(cancellationToken);
            await npm.StandardOutput.ReadToEndAsync(cancellationToken);
            await npm.WaitForExitAsync(cancellationToken);
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm could not install azurite@{Version} (exit code {npm.ExitCode}): {(await errors).Trim()}");
            }
        }
    }

    private async Task WaitUntilListeningAsync(int[] ports, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!(await Task.WhenAll(ports.Select(IsListeningAsync))).All(listening => listening))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                string log;
                lock (output)
                {
                    log = output.ToString().Trim();
                }

                throw new InvalidOperationException(process.HasExited
                    ? $"Azurite exited with code {process.ExitCode}: {log}"
                    : $"Azurite did not listen within {StartTimeout.TotalSeconds:0} s: {log}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Text(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
