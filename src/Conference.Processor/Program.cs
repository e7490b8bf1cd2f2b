using Conference.Common;
using Conference.Common.Hosting;
using Conference.Common.Settings;
using Conference.Processor;
using Infrastructure;
using Infrastructure.Messaging;
using Infrastructure.Sql.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

var builder = Host.CreateApplicationBuilder(args);

// Settings.xml (or the template) under the environment variables and the command line.
ConferenceSettings settings;
try
{
    settings = ConferenceSettings.Read(builder.Configuration.AddConferenceSettings());
}
catch (Exception ex) when (ex is InvalidSettingException or OptionsValidationException)
{
    await Console.Error.WriteLineAsync($"Conference.Processor cannot start. {ex.Message}");
    return 2;
}

// A missing registration fails at start-up, not on the first message that needs it.
builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));

// In-flight messages get this long to finish on Ctrl+C or SIGTERM; the rest are abandoned and redelivered.
// Every poll of the stores is a database command; at Information they would bury the processor's own log.
builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
builder.Services
    .AddConferenceOptions(builder.Configuration)
    .AddConferenceProcessor(settings)
    .AddConferenceTelemetry(builder.Configuration, "Conference.Processor")
    .AddHostedService<ReadinessAnnouncer>();
HealthEndpoint.AddTo(builder.Services, builder.Configuration);

var host = builder.Build();

// Disposed asynchronously: the Service Bus transport has no synchronous Dispose.
await using var disposeHost = (IAsyncDisposable)host;
try
{
    if (args is ["migrate", ..])
    {
        // For deployments that migrate before they start anything: every store, the transport's tables and the topology, then exit.
        if (settings.ServiceBus is null)
        {
            await SqlMigrations.MigrateMessagingAsync(settings.Database, CancellationToken.None);
        }

        await host.Services.GetRequiredService<IMessageTransport>().Topology.EnsureTopologyAsync(settings.Topology, CancellationToken.None);
        await host.Services.MigrateSqlStoresAsync(CancellationToken.None);
        await Console.Out.WriteLineAsync("Conference.Processor migrated every store.");
        return 0;
    }

    await host.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is InvalidSettingException or OptionsValidationException)
{
    await Console.Error.WriteLineAsync($"Conference.Processor cannot start. {ex.Message}");
    return 2;
}
