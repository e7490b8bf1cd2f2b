using System.Diagnostics;
using System.Globalization;

namespace Conference.Local;

/// <summary>How the local run stops what it started: the hosts and Azurite alike.</summary>
internal static class ProcessStop
{
    /// <summary>
    /// Sends SIGTERM, so the process can finish what it is doing (a host its in-flight messages,
    /// Azurite its data), and kills the whole tree if it has not exited after <paramref name="grace"/>.
    /// </summary>
    public static async Task TerminateAsync(Process process, TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        using (var term = Process.Start(new ProcessStartInfo("kill", ["-s", "TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            if (term is not null)
            {
                await term.WaitForExitAsync();
            }
        }

        using var deadline = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }
}
