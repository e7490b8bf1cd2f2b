using Infrastructure.Sql.Database;
using Infrastructure.Sql.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Infrastructure.Sql.Tests;

/// <summary>
/// Every SQLite connection waits for the write lock (busy_timeout) and syncs NORMAL in WAL mode, whether
/// it is new, taken again from the pool, or opened by EF Core; the pragmas run once per native connection.
/// </summary>
public sealed class SqliteConnectionTuningSpecs : IAsyncLifetime
{
    private SqliteTestDatabase database = null!;

    public async Task InitializeAsync() => database = await SqliteTestDatabase.CreateAsync();

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task given_a_pooled_connection_when_it_is_opened_again_then_it_is_still_tuned()
    {
        for (var open = 0; open < 3; open++)
        {
            await using var connection = await database.Database.OpenConnectionAsync(default);
            Assert.Equal(30000L, await ReadAsync(connection, "busy_timeout"));
            Assert.Equal(1L, await ReadAsync(connection, "synchronous"));
        }
    }

    [Fact]
    public async Task given_connections_without_a_pool_when_each_is_opened_then_each_new_native_connection_is_tuned()
    {
        var unpooled = new SqlDatabase(SqlProvider.Sqlite, new SqliteConnectionStringBuilder(database.Database.ConnectionString) { Pooling = false }.ToString());
        for (var open = 0; open < 2; open++)
        {
            await using var connection = await unpooled.OpenConnectionAsync(default);
            Assert.Equal(30000L, await ReadAsync(connection, "busy_timeout"));
        }
    }

    [Fact]
    public async Task given_an_ef_context_when_it_opens_its_connection_then_the_connection_is_tuned()
    {
        for (var open = 0; open < 2; open++)
        {
            await using var context = new TuningContext(database.Database.Configure(new DbContextOptionsBuilder<TuningContext>(), "__Tuning").Options);
            await context.Database.OpenConnectionAsync();
            Assert.Equal(30000L, await ReadAsync(context.Database.GetDbConnection(), "busy_timeout"));
            await context.Database.CloseConnectionAsync();
        }
    }

    private static async Task<object?> ReadAsync(System.Data.Common.DbConnection connection, string pragma)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma}";
        return await command.ExecuteScalarAsync();
    }

    private sealed class TuningContext(DbContextOptions options) : DbContext(options);
}
