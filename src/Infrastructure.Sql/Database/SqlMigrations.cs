using Infrastructure.Sql.BlobStorage;
using Infrastructure.Sql.EventSourcing;
using Infrastructure.Sql.MessageLog;
using Infrastructure.Sql.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Infrastructure.Sql.Database;

/// <summary>Applies the hand-written migrations of each store (EF Core serialises concurrent migrators with its own lock).</summary>
public static class SqlMigrations
{
    public static async Task MigrateAsync<TContext>(SqlDatabase database, string migrationsHistoryTable, Func<DbContextOptions<TContext>, TContext> create, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(create);
        await using var context = create(database.CreateOptions<TContext>(migrationsHistoryTable));
        await database.Retry.ExecuteAsync(async token => await context.Database.MigrateAsync(token), cancellationToken);
    }

    /// <summary>The migrations of <typeparamref name="TContext"/> not applied yet (every one of them when the store is new).</summary>
    public static async Task<IReadOnlyList<string>> PendingAsync<TContext>(SqlDatabase database, string migrationsHistoryTable, Func<DbContextOptions<TContext>, TContext> create, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(create);
        await using var context = create(database.CreateOptions<TContext>(migrationsHistoryTable));
        return [.. await context.Database.GetPendingMigrationsAsync(cancellationToken)];
    }

    public static Task MigrateMessagingAsync(SqlDatabase database, CancellationToken cancellationToken) =>
        MigrateAsync<MessagingDbContext>(database, MessagingDbContext.MigrationsHistoryTable, o => new MessagingDbContext(o), cancellationToken);

    public static Task MigrateEventStoreAsync(SqlDatabase database, CancellationToken cancellationToken) =>
        MigrateAsync<EventStoreDbContext>(database, EventStoreDbContext.MigrationsHistoryTable, o => new EventStoreDbContext(o), cancellationToken);

    public static Task MigrateMessageLogAsync(SqlDatabase database, CancellationToken cancellationToken) =>
        MigrateAsync<MessageLogDbContext>(database, MessageLogDbContext.MigrationsHistoryTable, o => new MessageLogDbContext(o), cancellationToken);

    public static Task MigrateBlobStorageAsync(SqlDatabase database, CancellationToken cancellationToken) =>
        MigrateAsync<BlobStorageDbContext>(database, BlobStorageDbContext.MigrationsHistoryTable, o => new BlobStorageDbContext(o), cancellationToken);
}
