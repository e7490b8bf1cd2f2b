using Infrastructure.EventSourcing;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.EventSourcing;
using Npgsql;

namespace Infrastructure.Sql.Tests;

/// <summary>The version check on append reads one index entry, however long the stream, even before PostgreSQL has statistics.</summary>
public sealed class EventStoreVersionCheckSpecs : IAsyncLifetime
{
    private const int StreamLength = 3000;
    private ITestDatabase database = null!;

    public async Task InitializeAsync() => database = await PostgresTestDatabase.CreateAsync();

    public Task DisposeAsync() => database.DisposeAsync().AsTask();

    [Fact]
    public async Task given_a_long_stream_on_a_fresh_postgres_database_when_the_append_checks_the_version_then_the_plan_walks_the_key_backwards_to_one_row()
    {
        var store = new SqlEventStore(database.Database);
        var sourceId = Guid.NewGuid();
        await using (var connection = await database.Database.OpenConnectionAsync(default))
        {
            // No statistics at all, as on a fresh database before autovacuum's first analyse.
            await using var noAnalyse = new NpgsqlCommand("""ALTER TABLE "Events" SET (autovacuum_enabled = false)""", (NpgsqlConnection)connection);
            await noAnalyse.ExecuteNonQueryAsync();
        }

        const int batch = 500;
        for (var version = 0; version < StreamLength; version += batch)
        {
            await store.SaveAsync("Stream", sourceId, version, [.. Enumerable.Range(version + 1, batch).Select(v => Event(sourceId, v))], default);
        }

        var plan = await ExplainAsync(sourceId);

        Assert.Contains("Limit", plan, StringComparison.Ordinal);
        Assert.Contains("Index Only Scan Backward", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Sort", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Aggregate", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Bitmap", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_a_stream_when_appending_at_a_stale_version_then_it_is_refused_naming_the_current_one()
    {
        var store = new SqlEventStore(database.Database);
        var sourceId = Guid.NewGuid();
        await store.SaveAsync("Stream", sourceId, 0, [Event(sourceId, 1), Event(sourceId, 2)], default);

        var refused = await Assert.ThrowsAsync<ConcurrencyException>(() => store.SaveAsync("Stream", sourceId, 1, [Event(sourceId, 2)], default));

        Assert.Contains("at version 2", refused.Message, StringComparison.Ordinal);
    }

    private async Task<string> ExplainAsync(Guid sourceId)
    {
        await using var connection = await database.Database.OpenConnectionAsync(default);
        await using var explain = connection.Command("EXPLAIN " + SqlEventStore.CurrentVersionSql(database.Database))
            .With("type", "Stream")
            .With("id", sourceId.ToString());
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }

    private static StoredEvent Event(Guid sourceId, int version) => new("Stream", sourceId, version, "Happened", "{}", null, DateTimeOffset.UtcNow);
}
