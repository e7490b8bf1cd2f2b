using System.Diagnostics;
using Conference.AcceptanceTests.Layer;

namespace Conference.AcceptanceTests;

/// <summary>
/// The test assembly doubles as a small host for the HostProcess tests (the real hosts do not exist
/// yet): `dotnet Conference.AcceptanceTests.dll &lt;verb&gt;`. Test runners never call it.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        switch (args.FirstOrDefault())
        {
            case "serve-form-app":
                await FormApp.Build(args[1..]).RunAsync();
                return 0;

            case "hang":
                // Starts, says so, and never listens: the readiness wait must time out with this output.
                await Console.Out.WriteLineAsync("hang: started, never listening");
                await Console.Error.WriteLineAsync("hang: a line on stderr");
                await Task.Delay(Timeout.Infinite);
                return 0;

            case "crash":
                await Console.Error.WriteLineAsync("crash: giving up on purpose");
                return 3;

            case "spawn-child":
                // A grandchild process that must die with its parent when the HostProcess is disposed.
                using (var child = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false }))
                {
                    await Console.Out.WriteLineAsync($"child pid {child!.Id}");
                }

                await FormApp.Build(args[1..]).RunAsync();
                return 0;

            default:
                await Console.Error.WriteLineAsync("verbs: serve-form-app | hang | crash | spawn-child [--urls URL]");
                return 2;
        }
    }
}
