using Conference.Common.Settings;
using Infrastructure.Azure;
using Infrastructure.Azure.Messaging;
using Infrastructure.Hosting;
using Infrastructure.Sql;
using Infrastructure.Sql.Database;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Conference.Common;

public static class InfrastructureServiceCollectionExtensions
{
    /// <summary>
    /// Everything the processor needs of the infrastructure: messaging, the event store, blob storage
    /// and (when enabled) the message log's store, each where the settings put it: the relational
    /// database (the default), or Azure Service Bus, Table Storage and Blob Storage (the Azure profile,
    /// whose stores need no migration; the process managers, payments, Conference Management and the
    /// read models stay in the relational database either way).
    /// </summary>
    public static IServiceCollection AddConferenceInfrastructure(this IServiceCollection services, ConferenceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return services
            .AddConferenceMessaging(settings)
            .AddConferenceEventStore(settings)
            .AddConferenceBlobStorage(settings)
            .AddConferenceMessageLog(settings);
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
            .AddConferenceTransport(settings)
            .AddCommandBus(Subscriptions.CommandsTopic)
            .AddEventBus(Subscriptions.EventsTopic);
    }

    /// <summary>The transport: Azure Service Bus when the settings give it, else the SQL transport in the database.</summary>
    public static IServiceCollection AddConferenceTransport(this IServiceCollection services, ConferenceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.ServiceBus is { } serviceBus
            ? services.AddAzureServiceBus(serviceBus)
            : services.AddSqlMessaging(settings.Database);
    }

    /// <summary>The event store with its unpublished-events queue (the write side's hosts only): Table Storage or the database.</summary>
    public static IServiceCollection AddConferenceEventStore(this IServiceCollection services, ConferenceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.AzureTableEventStore is { } table)
        {
            return services.AddAzureTableEventStore(table);
        }

        // Store and transport in one database: a save enqueues its events in its own transaction, two
        // write transactions per save fewer than the virtual queue's copy, send and delete.
        services.AddSqlEventStore(settings.Database);
        return settings.ServiceBus is null
            ? services.AddSqlEventsPublishedOnSave(settings.EventPublishing)
            : services;
    }

    /// <summary>Blob storage: the seat-assignment documents and the mailer's sent markers, in Blob Storage or the database.</summary>
    public static IServiceCollection AddConferenceBlobStorage(this IServiceCollection services, ConferenceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.AzureBlobStorage is { } blobs
            ? services.AddAzureBlobStorage(blobs)
            : services.AddSqlBlobStorage(settings.Database);
    }

    /// <summary>The message log's store when the log is enabled (nothing otherwise): Table Storage or the database.</summary>
    public static IServiceCollection AddConferenceMessageLog(this IServiceCollection services, ConferenceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.MessageLogEnabled)
        {
            return services;
        }

        if (settings.AzureTableMessageLog is { } table)
        {
            return services.AddAzureTableMessageLog(table);
        }

        services.AddSqlMessageLog(settings.Database);

        // Log and transport in one database: the sender logs each message in its send's transaction, a
        // third of an order's transactions fewer than queueing a copy for the log subscription. The sites
        // (no log store of their own) still queue the copy, and the processor's log writers take it.
        return settings.ServiceBus is null
            ? services.AddSqlMessageLogWrittenOnSend(settings.Topology, Subscriptions.Log)
            : services;
    }

    /// <summary>SQLite creates the database file but not its folder (.data/ on a fresh clone).</summary>
    private static void CreateSqliteFolder(ConferenceSettings settings)
    {
        if (settings.Database.Provider != SqlProvider.Sqlite)
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
