using Infrastructure.BlobStorage;
using Infrastructure.EventSourcing;
using Infrastructure.Hosting;
using Infrastructure.MessageLog;
using Infrastructure.Messaging;
using Infrastructure.Processes;
using Infrastructure.Serialization;
using Infrastructure.Sql.BlobStorage;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.EventSourcing;
using Infrastructure.Sql.MessageLog;
using Infrastructure.Sql.Messaging;
using Infrastructure.Sql.Outbox;
using Infrastructure.Sql.Processes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Infrastructure.Sql;

public static class SqlServiceCollectionExtensions
{
    /// <summary>
    /// Adds the SQL transport on <paramref name="database"/>. Its tables are migrated by every host that
    /// uses it, owner of its stores or not, as every host may create the topology it sends to. With
    /// <see cref="AddSqlMessageLogWrittenOnSend"/> its senders write the message log themselves.
    /// </summary>
    public static IServiceCollection AddSqlMessaging(this IServiceCollection services, SqlDatabase database, SqlTransportOptions? options = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMigrationOnStart(database, SqlMigrations.MigrateMessagingAsync);
        services.AddSingleton<IMessageTransport>(sp =>
        {
            var transportOptions = options ?? new SqlTransportOptions();
            if (sp.GetService<SqlMessageLogOnSend>() is { } logOnSend)
            {
                transportOptions = transportOptions with { MessageLogOnSend = logOnSend };
            }

            return new SqlMessageTransport(database, sp.GetRequiredService<TimeProvider>(), transportOptions, sp.GetService<ILoggerFactory>());
        });
        return services;
    }

    /// <summary>
    /// The SQL transport's senders write the SQL message log in their own transaction (see
    /// <see cref="SqlMessageLogOnSend"/>). Only for a host that owns the message log in the transport's
    /// database, so the log's table is migrated before it sends.
    /// </summary>
    public static IServiceCollection AddSqlMessageLogWrittenOnSend(this IServiceCollection services, MessagingTopology topology, string logSubscription)
    {
        services.AddSingleton(new SqlMessageLogOnSend(topology, logSubscription));
        return services;
    }

    /// <summary>
    /// Adds the SQL event store and its unpublished-events virtual queue; with
    /// <see cref="AddSqlEventsPublishedOnSave"/>, its saves enqueue their events on the SQL transport instead.
    /// </summary>
    public static IServiceCollection AddSqlEventStore(this IServiceCollection services, SqlDatabase database)
    {
        services.AddSqlStore(SqlStore.For<EventStoreDbContext>("event store", database, EventStoreDbContext.MigrationsHistoryTable, o => new EventStoreDbContext(o)));
        services.AddSingleton(sp => new SqlEventStore(database, PublishedOnSave(sp, database)));
        services.AddSingleton<IEventStore>(sp => sp.GetRequiredService<SqlEventStore>());
        services.AddSingleton<IUnpublishedEventsQueue>(sp => sp.GetRequiredService<SqlEventStore>());
        return services;
    }

    /// <summary>
    /// The SQL event store's saves enqueue their events on the SQL transport in their own transaction,
    /// to the topics <paramref name="options"/> name: for a host whose transport is the SQL one in the
    /// event store's database. The publisher still sends copies other processes left in the queue.
    /// </summary>
    public static IServiceCollection AddSqlEventsPublishedOnSave(this IServiceCollection services, EventStoreBusPublisherOptions options)
    {
        services.AddSingleton(new EventsPublishedOnSave(options));
        return services;
    }

    private static SqlEventsPublishedOnSave? PublishedOnSave(IServiceProvider services, SqlDatabase database)
    {
        if (services.GetService<EventsPublishedOnSave>() is not { } requested)
        {
            return null;
        }

        return services.GetRequiredService<IMessageTransport>() is SqlMessageTransport transport
            && transport.Database.IsSameAs(database)
            ? new SqlEventsPublishedOnSave(transport, requested.Options)
            : throw new InvalidOperationException("Events can be published on save only by the SQL transport in the event store's own database.");
    }

    public static IServiceCollection AddSqlMessageLog(this IServiceCollection services, SqlDatabase database)
    {
        services.AddSqlStore(SqlStore.For<MessageLogDbContext>("message log", database, MessageLogDbContext.MigrationsHistoryTable, o => new MessageLogDbContext(o)));
        services.AddSingleton<IMessageLog>(new SqlMessageLog(database));
        return services;
    }

    public static IServiceCollection AddSqlBlobStorage(this IServiceCollection services, SqlDatabase database)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSqlStore(SqlStore.For<BlobStorageDbContext>("blob storage", database, BlobStorageDbContext.MigrationsHistoryTable, o => new BlobStorageDbContext(o)));
        services.AddSingleton<IBlobStorage>(sp => new SqlBlobStorage(database, sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>
    /// Adds the outbox-backed data context for process manager <typeparamref name="T"/>, persisted by
    /// <typeparamref name="TContext"/> (one per unit of work), migrated on start. With the SQL transport's
    /// command bus in the same database, its commands are enqueued in the save's transaction instead.
    /// </summary>
    public static IServiceCollection AddSqlProcessManager<T, TContext>(this IServiceCollection services, SqlDatabase database, string migrationsHistoryTable, Func<DbContextOptions<TContext>, TContext> create)
        where T : class, IProcessManager
        where TContext : ProcessManagerDbContext
    {
        ArgumentNullException.ThrowIfNull(create);
        var options = database.CreateOptions<TContext>(migrationsHistoryTable);
        services.AddSqlStore(SqlStore.For($"{typeof(T).Name} process", database, migrationsHistoryTable, create));
        services.AddScoped(sp => new SqlProcessManagerDataContext<T>(create(options), sp.GetRequiredService<ICommandBus>(), sp.GetRequiredService<IMessageSerializer>(), database));
        services.AddScoped<IProcessManagerDataContext<T>>(sp => sp.GetRequiredService<SqlProcessManagerDataContext<T>>());

        // Commands saved by a process that died before sending them go out now, not only when their process manager is next loaded.
        services.AddStartupTask((sp, ct) => sp.GetRequiredService<SqlProcessManagerDataContext<T>>().DispatchAllUndispatchedAsync(ct));
        return services;
    }

    /// <summary>Adds <see cref="EventOutbox"/>, which publishes on the registered <see cref="IEventBus"/>.</summary>
    public static IServiceCollection AddEventOutbox(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EventOutbox>();
        return services;
    }

    /// <summary>
    /// Publishes, at start-up and then every <see cref="EventOutboxSweeperOptions.ScanInterval"/>, the
    /// events <typeparamref name="TContext"/>'s outbox still holds. Needs an <see cref="IDbContextFactory{TContext}"/>
    /// and the event bus; adding it twice for one context runs one sweeper.
    /// </summary>
    public static IServiceCollection AddEventOutboxSweeper<TContext>(this IServiceCollection services, EventOutboxSweeperOptions? options = null)
        where TContext : DbContext
    {
        services.AddEventOutbox();
        services.TryAddSingleton(sp => new EventOutboxSweeper<TContext>(
            sp.GetRequiredService<IDbContextFactory<TContext>>(),
            sp.GetRequiredService<EventOutbox>(),
            options ?? new EventOutboxSweeperOptions(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<EventOutboxSweeper<TContext>>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EventOutboxSweeper<TContext>>(sp => sp.GetRequiredService<EventOutboxSweeper<TContext>>()));
        return services;
    }

    /// <summary>Runs <paramref name="migrate"/> before the other hosted services start.</summary>
    public static IServiceCollection AddMigrationOnStart(this IServiceCollection services, SqlDatabase database, Func<SqlDatabase, CancellationToken, Task> migrate)
    {
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(new MigrationService(database, migrate)));
        return services;
    }

    private sealed class MigrationService(SqlDatabase database, Func<SqlDatabase, CancellationToken, Task> migrate) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => migrate(database, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed record EventsPublishedOnSave(EventStoreBusPublisherOptions Options);
}
