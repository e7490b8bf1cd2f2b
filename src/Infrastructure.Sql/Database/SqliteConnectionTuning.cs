using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Infrastructure.Sql.Database;

/// <summary>
/// Per-connection SQLite settings, applied to every connection: the ones this library opens and the
/// ones EF Core opens for the stores' contexts.
/// </summary>
internal static class SqliteConnectionTuning
{
    // WAL is set once by the migrations; NORMAL sync is durable across application crashes in WAL mode.
    // busy_timeout lets SQLite itself wait for the write lock, retrying after 1, 2, 5, 10... ms; without
    // it the provider retries a busy database only every 150 ms, which dominates latency when the
    // processor's handlers write concurrently.
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

    // Pragmas belong to the native connection, which the pool keeps across Open/Close: each native
    // connection is tuned once, not on every open (parsing them on every open was a visible share of
    // the processor's CPU under load).
    private static readonly ConditionalWeakTable<object, object> Tuned = [];

    public static IInterceptor Interceptor { get; } = new TuningInterceptor();

    public static async Task ApplyAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (IsTuned(connection))
        {
            return;
        }

        await using var pragma = connection.CreateCommand();
        pragma.CommandText = Pragmas;
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        MarkTuned(connection);
    }

    private static bool IsTuned(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && Tuned.TryGetValue(handle, out _);

    private static void MarkTuned(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            Tuned.AddOrUpdate(handle, handle);
        }
    }

    private sealed class TuningInterceptor : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (connection is SqliteConnection && !IsTuned(connection))
            {
                using var pragma = connection.CreateCommand();
                pragma.CommandText = Pragmas;
                pragma.ExecuteNonQuery();
                MarkTuned(connection);
            }
        }

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
            connection is SqliteConnection ? ApplyAsync(connection, cancellationToken) : Task.CompletedTask;
    }
}
