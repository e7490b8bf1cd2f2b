using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Infrastructure.EventSourcing;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.Messaging;

namespace Infrastructure.Sql.EventSourcing;

/// <summary>
/// Event streams in the <c>Events</c> table; each save also writes a copy of its events to
/// <c>UnpublishedEvents</c> (the virtual queue) in the same transaction. Given
/// <paramref name="publishOnSave"/> (the SQL transport in this same database), a save instead enqueues
/// its events for their topic's subscriptions in that transaction: as atomic as the copy, and it spares
/// the publisher's send and delete (two write transactions per save). The queue is still read for
/// copies other processes left.
/// </summary>
public sealed class SqlEventStore(SqlDatabase database, SqlEventsPublishedOnSave? publishOnSave = null) : IEventStore, IUnpublishedEventsQueue
{
    /// <summary>
    /// The stream's last version, read from the top of the primary key. Spelt as ORDER BY … DESC LIMIT 1
    /// rather than MAX so that PostgreSQL walks the index backwards even before the table has statistics;
    /// with MAX it may read the whole stream on a fresh database.
    /// </summary>
    internal static string CurrentVersionSql(SqlDatabase database) =>
        $"""SELECT "Version" FROM "Events" WHERE "SourceType" = @type AND "SourceId" = @id ORDER BY "Version" DESC{database.Limit("1")}""";

    /// <summary>Events per INSERT: SQL Server takes at most 2,100 parameters (7 per event) and 1,000 rows per statement.</summary>
    private const int InsertChunk = 250;

    private readonly string currentVersionSql = CurrentVersionSql(database);
    private readonly ConcurrentDictionary<string, SqlMessageSender> senders = new(StringComparer.Ordinal);

    public bool PublishesOnSave => publishOnSave is not null;

    private const string Columns = "\"SourceType\", \"SourceId\", \"Version\", \"TypeName\", \"Payload\", \"CorrelationId\", \"CreatedAt\"";

    public Task<IReadOnlyList<StoredEvent>> LoadAsync(string sourceType, Guid sourceId, int afterVersion, CancellationToken cancellationToken) =>
        ReadAsync("Events", sourceType, sourceId, afterVersion, cancellationToken);

    public async Task SaveAsync(string sourceType, Guid sourceId, int expectedVersion, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        EventStoreValidation.ValidateSave(sourceType, sourceId, expectedVersion, events);
        try
        {
            await database.Retry.ExecuteAsync(
                async token =>
                {
                    if (database.IsPostgres && events.Count <= InsertChunk && publishOnSave is null)
                    {
                        await SaveInOneStatementAsync(sourceType, sourceId, expectedVersion, events, token);
                        return;
                    }

                    await using var connection = await database.OpenConnectionAsync(token);
                    await using var transaction = await connection.BeginWriteAsync(token);
                    await using (var current = connection.Command(currentVersionSql, transaction))
                    {
                        var version = await current.With("type", sourceType).With("id", sourceId.ToString()).ExecuteScalarAsync(token) is { } found and not DBNull
                            ? Convert.ToInt32(found, System.Globalization.CultureInfo.InvariantCulture)
                            : 0;
                        if (version != expectedVersion)
                        {
                            throw new ConcurrencyException($"{sourceType} {sourceId} is at version {version}, not the expected {expectedVersion}.");
                        }
                    }

                    await InsertAsync(connection, transaction, "Events", events, token);
                    if (publishOnSave is null)
                    {
                        await InsertAsync(connection, transaction, "UnpublishedEvents", events, token);
                        await transaction.CommitAsync(token);
                        return;
                    }

                    var sender = SenderFor(sourceType);
                    var messages = events.Select(EventStoreBusPublisher.ToTransportMessage).ToList();
                    var sent = await sender.SendInTransactionAsync(connection, transaction, messages, token);
                    await transaction.CommitAsync(token);
                    sender.Sent(messages, sent);
                    Instrumentation.EventsPublished.Add(messages.Count, new KeyValuePair<string, object?>("source_type", sourceType));
                },
                cancellationToken);
        }
        catch (Exception ex) when (SqlDatabase.IsUniqueViolation(ex))
        {
            throw new ConcurrencyException($"{sourceType} {sourceId} was changed concurrently past version {expectedVersion}.", ex);
        }
    }

    public Task<IReadOnlyList<StoredEvent>> GetUnpublishedAsync(string sourceType, Guid sourceId, CancellationToken cancellationToken) =>
        ReadAsync("UnpublishedEvents", sourceType, sourceId, 0, cancellationToken);

    public Task DeleteUnpublishedAsync(string sourceType, Guid sourceId, IReadOnlyCollection<int> versions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(versions);
        if (versions.Count == 0)
        {
            return Task.CompletedTask;
        }

        // Runs of consecutive versions become one BETWEEN each, so a long batch needs few parameters.
        var ranges = ConsecutiveRuns(versions);
        var condition = string.Join(" OR ", ranges.Select((_, i) => $"\"Version\" BETWEEN @from{i} AND @to{i}"));
        return database.Retry.ExecuteAsync(
            async token =>
            {
                await using var connection = await database.OpenConnectionAsync(token);
                await using var delete = connection.Command(
                    $"""DELETE FROM "UnpublishedEvents" WHERE "SourceType" = @type AND "SourceId" = @id AND ({condition})""");
                delete.With("type", sourceType).With("id", sourceId.ToString());
                for (var i = 0; i < ranges.Count; i++)
                {
                    delete.With($"from{i}", ranges[i].From).With($"to{i}", ranges[i].To);
                }

                await delete.ExecuteNonQueryAsync(token);
            },
            cancellationToken).AsTask();
    }

    public async Task<IReadOnlyList<(string SourceType, Guid SourceId)>> GetStreamsWithUnpublishedEventsAsync(CancellationToken cancellationToken) =>
        await database.Retry.ExecuteAsync(
            async token =>
            {
                await using var connection = await database.OpenConnectionAsync(token);
                await using var command = connection.Command("""SELECT DISTINCT "SourceType", "SourceId" FROM "UnpublishedEvents" """);
                await using var reader = await command.ExecuteReaderAsync(token);
                var streams = new List<(string, Guid)>();
                while (await reader.ReadAsync(token))
                {
                    streams.Add((reader.GetString(0), Guid.Parse(reader.GetString(1))));
                }

                return (IReadOnlyList<(string, Guid)>)streams;
            },
            cancellationToken);

    private async Task<IReadOnlyList<StoredEvent>> ReadAsync(string table, string sourceType, Guid sourceId, int afterVersion, CancellationToken cancellationToken) =>
        await database.Retry.ExecuteAsync(
            async token =>
            {
                await using var connection = await database.OpenConnectionAsync(token);
                await using var command = connection.Command(
                    $"""SELECT {Columns} FROM "{table}" WHERE "SourceType" = @type AND "SourceId" = @id AND "Version" > @after ORDER BY "Version" """);
                await using var reader = await command.With("type", sourceType).With("id", sourceId.ToString()).With("after", afterVersion).ExecuteReaderAsync(token);
                var events = new List<StoredEvent>();
                while (await reader.ReadAsync(token))
                {
                    events.Add(new StoredEvent(
                        reader.GetString(0),
                        Guid.Parse(reader.GetString(1)),
                        reader.GetInt32Value(2),
                        reader.GetString(3),
                        reader.GetString(4),
                        reader.GetNullableString(5),
                        SqlCommands.FromUnixMs(reader.GetInt64Value(6))));
                }

                return (IReadOnlyList<StoredEvent>)events;
            },
            cancellationToken);

    private static List<(int From, int To)> ConsecutiveRuns(IEnumerable<int> versions)
    {
        var runs = new List<(int From, int To)>();
        foreach (var version in versions.Distinct().Order())
        {
            if (runs.Count > 0 && runs[^1].To == version - 1)
            {
                runs[^1] = (runs[^1].From, version);
            }
            else
            {
                runs.Add((version, version));
            }
        }

        return runs;
    }

    /// <summary>
    /// PostgreSQL: the version check and both inserts as one statement, so one round trip in its own
    /// implicit transaction. The inserts write only when the stream is at the expected version; the
    /// statement returns the version it found either way. Two saves racing past the same version both
    /// pass the check, and the second's insert fails on the primary key, as in the transaction of the
    /// other providers.
    /// </summary>
    private async Task SaveInOneStatementAsync(string sourceType, Guid sourceId, int expectedVersion, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var save = connection.Command(string.Empty);
        var rows = new StringBuilder();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            rows.Append(i == 0 ? string.Empty : ", ").Append(System.Globalization.CultureInfo.InvariantCulture, $"(@t{i}, @s{i}, @v{i}, @n{i}, @p{i}, @c{i}, @a{i})");
            save.With($"t{i}", e.SourceType).With($"s{i}", e.SourceId.ToString()).With($"v{i}", e.Version).With($"n{i}", e.TypeName)
                .With($"p{i}", e.Payload).With($"c{i}", e.CorrelationId).With($"a{i}", e.CreatedAt.ToUnixMs());
        }

        var values = $"(VALUES {rows}) AS e ({Columns})";
        save.CommandText = $"""
            WITH current AS (
                SELECT COALESCE(({currentVersionSql}), 0) AS "Version"
            ), checked AS (
                SELECT 1 AS "Passed" FROM current WHERE "Version" = @expected
            ), written AS (
                INSERT INTO "Events" ({Columns}) SELECT e.* FROM checked CROSS JOIN {values}
            ), copied AS (
                INSERT INTO "UnpublishedEvents" ({Columns}) SELECT e.* FROM checked CROSS JOIN {values}
            )
            SELECT "Version" FROM current
            """;
        var found = Convert.ToInt32(
            await save.With("type", sourceType).With("id", sourceId.ToString()).With("expected", expectedVersion).ExecuteScalarAsync(cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);
        if (found != expectedVersion)
        {
            throw new ConcurrencyException($"{sourceType} {sourceId} is at version {found}, not the expected {expectedVersion}.");
        }
    }

    private SqlMessageSender SenderFor(string sourceType) =>
        senders.GetOrAdd(publishOnSave!.Options.TopicFor(sourceType), topic => (SqlMessageSender)publishOnSave.Transport.CreateSender(topic));

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        foreach (var chunk in events.Chunk(InsertChunk))
        {
            await InsertChunkAsync(connection, transaction, table, chunk, cancellationToken);
        }
    }

    private static async Task InsertChunkAsync(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"INSERT INTO \"{table}\" ({Columns}) VALUES ");
        await using var insert = connection.Command(string.Empty, transaction);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            sql.Append(i == 0 ? string.Empty : ", ").Append(System.Globalization.CultureInfo.InvariantCulture, $"(@t{i}, @s{i}, @v{i}, @n{i}, @p{i}, @c{i}, @a{i})");
            insert.With($"t{i}", e.SourceType).With($"s{i}", e.SourceId.ToString()).With($"v{i}", e.Version).With($"n{i}", e.TypeName)
                .With($"p{i}", e.Payload).With($"c{i}", e.CorrelationId).With($"a{i}", e.CreatedAt.ToUnixMs());
        }

        insert.CommandText = sql.ToString();
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
