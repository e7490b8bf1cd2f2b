using Conference.Common.Settings;
using Infrastructure.Hosting;
using Infrastructure.Sql;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Conference.Common;

public static class InfrastructureServiceCollectionExtensions
{
    /// <summary>
    /// Everything the processor needs of the infrastructure: messaging, the event store, blob storage
    /// and (when enabled) the message log's store.
    /// </summary>
    public static IServiceCollection AddConferenceInfrastructure(this IServiceCollection services, ConferenceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services
            .AddConferenceMessaging(settings)
            .AddConferenceEventStore(settings)
            .AddConferenceBlobStorage(settings);
        if (settings.MessageLogEnabled)
        {
            services.AddSqlMessageLog(settings.Database);
        }

        return services;
    }

    /// <summary>
    /// What every host needs: the settings, message types, the topology (created at start if missing)
    /// and the transport with the command and event buses.
    /// </summary>
    public static IServiceCollection AddConferenceMessaging(this IServiceCollection services, ConferenceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        CreateSqliteFolder(settings);
        services.TryAddSingleton(settings);
        services.TryAddSingleton(settings.Registration);
        return services
            .AddConferenceMessageTypes()
            .AddMessagingTopology(settings.Topology)
            .AddSqlMessaging(settings.Database)
            .AddCommandBus(Subscriptions.CommandsTopic)
            .AddEventBus(Subscriptions.EventsTopic);
    }

    /// <summary>The event store with its unpublished-events queue (the write side's hosts only).</summary>
    public static IServiceCollection AddConferenceEventStore(this IServiceCollection services, ConferenceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return services.AddSqlEventStore(settings.Database);
    }

    /// <summary>Blob storage: the seat-assignment documents and the mailer's sent markers.</summary>
    public static IServiceCollection AddConferenceBlobStorage(this IServiceCollection services, ConferenceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return services.AddSqlBlobStorage(settings.Database);
    }

    /// <summary>SQLite creates the database file but not its folder (.data/ on a fresh clone).</summary>
    private static void CreateSqliteFolder(ConferenceSettings settings)
    {
        if (settings.Database.IsPostgres)
        {
            return;
        }

        var file = new SqliteConnectionStringBuilder(settings.Database.ConnectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(file) && file != ":memory:" && !string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}
