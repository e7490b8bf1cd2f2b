using Conference.Local;

var seed = !args.Contains("--no-seed", StringComparer.OrdinalIgnoreCase);
var run = LocalRun.Find();
Directory.CreateDirectory(run.DataDirectory);

Console.WriteLine($"Conference: local run on SQLite at {run.DatabaseFile}");
Console.WriteLine($"Emails are written to {run.MailDirectory}");

// Not disposed: ProcessExit may still fire after Main returns.
var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stopping.Cancel();

var hosts = new List<ChildHost>
{
    new("processor", run.HostDll("Conference.Processor"), run.ProjectDirectory("Conference.Processor"), run.Environment, []) { ReadyText = "Conference.Processor ready" },
};

try
{
    foreach (var host in hosts)
    {
        host.Start();
    }

    await Task.WhenAll(hosts.Select(h => h.Ready)).WaitAsync(TimeSpan.FromMinutes(2), stopping.Token);
    if (seed)
    {
        Console.WriteLine("Demo conference: seeding is not available yet (Conference Management lands with the admin site).");
    }

    Console.WriteLine();
    Console.WriteLine("Running:");
    Console.WriteLine("  processor   (commands, events, process manager, read models)");
    Console.WriteLine("Press Ctrl+C to stop.");
    await Task.Delay(Timeout.Infinite, stopping.Token);
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
}
catch (Exception ex) when (ex is InvalidOperationException or FileNotFoundException or TimeoutException)
{
    await Console.Error.WriteLineAsync($"Conference.Local: {ex.Message}");
    Environment.ExitCode = 1;
}
finally
{
    Console.WriteLine("Stopping...");
    await Task.WhenAll(hosts.Select(h => h.DisposeAsync().AsTask()));
    Console.WriteLine("Stopped.");
}
