using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Infrastructure.Sql.Database;

/// <summary>
/// One database schema of a bounded context (event store, read model, payments, ...) and how to bring
/// it up to date. Hosts register the stores they use; whether a host migrates them or only waits for
/// them is decided once per host (<see cref="SqlStoreServiceCollectionExtensions"/>).
/// </summary>
public sealed class SqlStore
{
    private readonly Func<SqlDatabase, CancellationToken, Task> migrate;
    private readonly Func<SqlDatabase, CancellationToken, Task<IReadOnlyList<string>>> pending;

    public SqlStore(string name, SqlDatabase database, Func<SqlDatabase, CancellationToken, Task> migrate, Func<SqlDatabase, CancellationToken, Task<IReadOnlyList<string>>> pending)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(migrate);
        ArgumentNullException.ThrowIfNull(pending);
        Name = name;
        Database = database;
        this.migrate = migrate;
        this.pending = pending;
    }

    public string Name { get; }

    public SqlDatabase Database { get; }

    /// <summary>The store of EF Core context <typeparamref name="TContext"/>, whose migrations are kept in <paramref name="migrationsHistoryTable"/>.</summary>
    public static SqlStore For<TContext>(string name, SqlDatabase database, string migrationsHistoryTable, Func<DbContextOptions<TContext>, TContext> create)
        where TContext : DbContext =>
        new(
            name,
            database,
            (db, ct) => SqlMigrations.MigrateAsync(db, migrationsHistoryTable, create, ct),
            (db, ct) => SqlMigrations.PendingAsync(db, migrationsHistoryTable, create, ct));

    public Task MigrateAsync(CancellationToken cancellationToken) => migrate(Database, cancellationToken);

    /// <summary>The migrations not yet applied (all of them when the store does not exist yet).</summary>
    public Task<IReadOnlyList<string>> PendingMigrationsAsync(CancellationToken cancellationToken) => pending(Database, cancellationToken);
}

/// <summary>How a host treats the stores it registered.</summary>
public enum SqlStoreRole
{
    /// <summary>Migrates them before anything else starts: the processor, the migrate verb, tests.</summary>
    Owner,

    /// <summary>Only uses them: waits, bounded, until their owner has migrated them (the sites).</summary>
    User,
}

public sealed record SqlStoreOptions
{
    public SqlStoreRole Role { get; init; } = SqlStoreRole.Owner;

    /// <summary>How long a <see cref="SqlStoreRole.User"/> waits at start-up for the owner to migrate its stores.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);
}

/// <summary>A store a host only uses was not migrated by its owner in time.</summary>
public sealed class StoreNotMigratedException : Exception
{
    public StoreNotMigratedException()
    {
    }

    public StoreNotMigratedException(string message) : base(message)
    {
    }

    public StoreNotMigratedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

public static partial class SqlStoreServiceCollectionExtensions
{
    /// <summary>Registers <paramref name="store"/>; a store already registered under the same name and connection is kept once.</summary>
    public static IServiceCollection AddSqlStore(this IServiceCollection services, SqlStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (services.Any(d => d.ServiceType == typeof(SqlStore) && d.ImplementationInstance is SqlStore s
            && s.Name == store.Name && s.Database.ConnectionString == store.Database.ConnectionString))
        {
            return services;
        }

        services.AddSingleton(store);
        if (!services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(SqlStoreStartup)))
        {
            // First of all hosted services: nothing may touch a store before it is migrated or found ready.
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, SqlStoreStartup>());
        }

        services.TryAddSingleton(new SqlStoreOptions());
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>This host only uses its stores: it waits for their owner (the processor) to migrate them and never migrates them itself.</summary>
    public static IServiceCollection UseSqlStoresMigratedByOwner(this IServiceCollection services, TimeSpan? readyTimeout = null)
    {
        services.RemoveAll<SqlStoreOptions>();
        services.AddSingleton(new SqlStoreOptions { Role = SqlStoreRole.User, ReadyTimeout = readyTimeout ?? new SqlStoreOptions().ReadyTimeout });
        return services;
    }

    /// <summary>Migrates every registered store now, in registration order (the migrate verb).</summary>
    public static async Task MigrateSqlStoresAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var store in services.GetServices<SqlStore>())
        {
            await store.MigrateAsync(cancellationToken);
        }
    }

    private sealed partial class SqlStoreStartup(IEnumerable<SqlStore> stores, SqlStoreOptions options, TimeProvider clock, ILogger<SqlStoreStartup> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            foreach (var store in stores)
            {
                if (options.Role == SqlStoreRole.Owner)
                {
                    await store.MigrateAsync(cancellationToken);
                }
                else
                {
                    await WaitUntilMigratedAsync(store, cancellationToken);
                }
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        private async Task WaitUntilMigratedAsync(SqlStore store, CancellationToken cancellationToken)
        {
            var deadline = clock.GetUtcNow() + options.ReadyTimeout;
            var logged = false;
            while (true)
            {
                IReadOnlyList<string> pending;
                try
                {
                    pending = await store.PendingMigrationsAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException && ex is not InvalidSettingException)
                {
                    // The owner may be migrating this very moment (SQLite locks the file): look again.
                    pending = [ex.Message];
                }

                if (pending.Count == 0)
                {
                    return;
                }

                if (clock.GetUtcNow() >= deadline)
                {
                    throw new StoreNotMigratedException(
                        $"The {store.Name} store is not ready after {options.ReadyTimeout.TotalSeconds:0} s (waiting for: {string.Join(", ", pending)}). " +
                        "Its owner migrates it: start Conference.Processor, or run 'dotnet run --project src/Conference.Processor -- migrate'.");
                }

                if (!logged)
                {
                    LogWaiting(logger, store.Name, pending.Count);
                    logged = true;
                }

                await Task.Delay(options.PollInterval, clock, cancellationToken);
            }
        }

        [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for the {Store} store to be migrated by its owner ({Pending} migration(s) pending)")]
        private static partial void LogWaiting(ILogger logger, string store, int pending);
    }
}
