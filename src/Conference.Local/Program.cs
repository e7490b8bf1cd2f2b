using System.Runtime.InteropServices;
using Conference;
using Conference.Common;
using Conference.Common.Settings;
using Conference.Local;
using Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var seed = !args.Contains("--no-seed", StringComparer.OrdinalIgnoreCase);
var useAzurite = args.Contains("--azurite", StringComparer.OrdinalIgnoreCase);
var run = LocalRun.Find();
Directory.CreateDirectory(run.DataDirectory);

Console.WriteLine($"Conference: local run on SQLite at {run.DatabaseFile}{(useAzurite ? ", event store, message log and blobs in Azurite" : string.Empty)}");
Console.WriteLine($"Emails are written to {run.MailDirectory}");

// Ctrl+C, `kill` and a closed terminal all stop the hosts first: the default handling would end this
// process at once and leave the child processes running.
var stopping = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);

var hosts = new List<ChildHost>();
LocalAzurite? azurite = null;

try
{
    if (useAzurite)
    {
        azurite = await LocalAzurite.StartAsync(run.Root, run.DataDirectory, stopping.Token);
        run.AzureStorageConnectionString = azurite.ConnectionString;
    }

    hosts.AddRange(
    [
        new("processor", run.HostDll("Conference.Processor"), run.ProjectDirectory("Conference.Processor"), run.Environment, []) { ReadyText = "Conference.Processor ready" },
        Site("public", "Conference.Web.Public", run.PublicSiteUrl),
        Site("admin", "Conference.Web.Admin", run.AdminSiteUrl),
    ]);
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
    Console.WriteLine($"  registration site         {run.PublicSiteUrl}{(seed ? $"/{DemoConference.Slug}" : string.Empty)}");
    Console.WriteLine($"  conference management     {run.AdminSiteUrl}");
    Console.WriteLine("  processor                 (commands, events, process manager, read models)");
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
    if (azurite is not null)
    {
        await azurite.DisposeAsync();
    }

    Console.WriteLine("Stopped.");
}

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopping.Cancel();
}

// A site from its project folder (its wwwroot), ready once Kestrel listens.
ChildHost Site(string name, string project, string url) =>
    new(name, run.HostDll(project), run.ProjectDirectory(project), run.Environment, ["--urls", url]) { ReadyText = "Application started" };

// Seeds through Conference Management in this process: its outbox publishes the events the processor turns into seats.
static async Task<ConferenceInfo> SeedAsync(LocalRun run, CancellationToken cancellationToken)
{
    // The settings the hosts get (Settings.xml, this process's environment, then the local run's variables), read the way they read them.
    var builder = Host.CreateApplicationBuilder();
    builder.Configuration.AddInMemoryCollection(run.Environment.Select(v => KeyValuePair.Create(v.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), (string?)v.Value)));
    var settings = ConferenceSettings.Read(builder.Configuration.AddConferenceSettings(run.Root));
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Services.AddConferenceInfrastructure(settings).AddSqlConferenceManagement(settings.Database);
    var host = builder.Build();

    // Disposed asynchronously: a Service Bus transport (from a Settings.xml) has no synchronous Dispose.
    await using var disposeHost = (IAsyncDisposable)host;
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
