using System.Collections;
using Conference;
using Conference.Common;
using Conference.Common.Settings;
using Conference.Local;
using Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

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
        var conference = await SeedAsync(run, stopping.Token);
        Console.WriteLine($"Demo conference '{conference.Name}' (/{conference.Slug}): business customer {conference.OwnerEmail}, access code {conference.AccessCode}");
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
catch (Exception ex) when (ex is InvalidOperationException or FileNotFoundException or TimeoutException or InvalidSettingException)
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

// Seeds through Conference Management in this process: its outbox publishes the events the processor turns into seats.
static async Task<ConferenceInfo> SeedAsync(LocalRun run, CancellationToken cancellationToken)
{
    var environment = new Hashtable(Environment.GetEnvironmentVariables());
    foreach (var (key, value) in run.Environment)
    {
        environment[key] = value;
    }

    var settings = ConferenceSettingsReader.Read(ConferenceSettingsReader.FindSettingsFile(run.Root), environment);
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Services.AddConferenceInfrastructure(settings).AddSqlConferenceManagement(settings.Database);
    using var host = builder.Build();
    await host.StartAsync(cancellationToken);
    try
    {
        return await DemoConference.SeedAsync(host.Services, TimeProvider.System, cancellationToken);
    }
    finally
    {
        await host.StopAsync(CancellationToken.None);
    }
}
