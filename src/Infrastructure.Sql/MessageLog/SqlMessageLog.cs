using System.Runtime.CompilerServices;
using Infrastructure.MessageLog;
using Infrastructure.Sql.Database;
using Microsoft.EntityFrameworkCore;

namespace Infrastructure.Sql.MessageLog;

public sealed class SqlMessageLog(SqlDatabase database) : IMessageLog
{
    private readonly DbContextOptions<MessageLogDbContext> options = database.CreateOptions<MessageLogDbContext>(MessageLogDbContext.MigrationsHistoryTable);

    private readonly string insert = InsertSql(database);

    /// <summary>A message already logged for its topic is kept as it was.</summary>
    internal static string InsertSql(SqlDatabase database) => database.Upsert(
        "MessageLog",
        ["Topic", "MessageId"],
        [("MessageId", "@messageId"), ("Topic", "@topic"), ("Kind", "@kind"), ("TypeName", "@typeName"), ("SourceId", "@sourceId"),
            ("Version", "@version"), ("CorrelationId", "@correlationId"), ("EnqueuedAt", "@enqueuedAt"), ("Payload", "@payload")],
        update: []);

    public Task SaveAsync(MessageLogEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return database.Retry.ExecuteAsync(
            async token =>
            {
                await using var connection = await database.OpenConnectionAsync(token);
                await using var command = connection.Command(insert);
                await command
                    .With("messageId", entry.MessageId)
                    .With("topic", entry.Topic)
                    .With("kind", entry.Kind)
                    .With("typeName", entry.TypeName)
                    .With("sourceId", entry.SourceId)
                    .With("version", entry.Version)
                    .With("correlationId", entry.CorrelationId)
                    .With("enqueuedAt", entry.EnqueuedTime.ToUnixMs())
                    .With("payload", entry.Payload)
                    .ExecuteNonQueryAsync(token);
            },
            cancellationToken).AsTask();
    }

    public async IAsyncEnumerable<MessageLogEntry> ReadAsync(MessageLogQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var context = new MessageLogDbContext(options);
        var rows = context.Messages.AsNoTracking();
        if (query.Kind is { } kind)
        {
            rows = rows.Where(m => m.Kind == kind);
        }

        if (query.TypeNames is { Count: > 0 } types)
        {
            rows = rows.Where(m => types.Contains(m.TypeName));
        }

        if (query.SourceId is { } sourceId)
        {
            rows = rows.Where(m => m.SourceId == sourceId);
        }

        if (query.Until is { } until)
        {
            var untilMs = until.ToUnixMs();
            rows = rows.Where(m => m.EnqueuedAt <= untilMs);
        }

        await foreach (var row in rows.OrderBy(m => m.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return new MessageLogEntry
            {
                MessageId = row.MessageId,
                Topic = row.Topic,
                Kind = row.Kind,
                TypeName = row.TypeName,
                SourceId = row.SourceId,
                Version = row.Version,
                CorrelationId = row.CorrelationId,
                EnqueuedTime = SqlCommands.FromUnixMs(row.EnqueuedAt),
                Payload = row.Payload,
            };
        }
    }
}
