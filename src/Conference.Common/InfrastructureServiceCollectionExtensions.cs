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
    /// What every host needs: the settings, message types, topology, the SQL transport with the command
    /// and event buses, the event store, blob storage and (when enabled) the message log's store.
    /// </summary>
    public static IServiceCollection AddConferenceInfrastructure(this IServiceCollection services, ConferenceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        CreateSqliteFolder(settings);
        services.TryAddSingleton(settings);
        services.TryAddSingleton(settings.Registration);
        services
            .AddConferenceMessageTypes()
            .AddMessagingTopology(settings.Topology)
            .AddSqlMessaging(settings.Database)
            .AddSqlEventStore(settings.Database)
            .AddSqlBlobStorage(settings.Database)
            .AddCommandBus(Subscriptions.CommandsTopic)
            .AddEventBus(Subscriptions.EventsTopic);
        if (settings.MessageLogEnabled)
        {
            services.AddSqlMessageLog(settings.Database);
        }

        return services;
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
