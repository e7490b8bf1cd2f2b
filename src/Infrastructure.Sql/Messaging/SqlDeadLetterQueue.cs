using Infrastructure.Messaging;
using Infrastructure.Sql.Database;

namespace Infrastructure.Sql.Messaging;

internal sealed class SqlDeadLetterQueue(SqlDatabase database, TimeProvider clock) : IDeadLetterQueue
{
    internal static string ListSql(SqlDatabase database) =>
        $"""
        SELECT "Id", "MessageId", "CorrelationId", "TypeName", "SourceId", "Version", "PartitionKey", "Body",
               "EnqueuedAt", "DeliveryCount", "Reason", "ErrorDescription", "DeadLetteredAt"
        FROM "DeadLetters" WHERE "Topic" = @topic AND "Subscription" = @subscription ORDER BY "Id"{database.Limit("@max")}
        """;

    public async Task<IReadOnlyList<DeadLetteredMessage>> ListAsync(string topic, string subscription, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(ListSql(database));
        await using var reader = await command.With("topic", topic).With("subscription", subscription).With("max", maxCount).ExecuteReaderAsync(cancellationToken);
        var result = new List<DeadLetteredMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new DeadLetteredMessage
            {
                SequenceNumber = reader.GetInt64Value(0),
                Message = reader.GetTransportMessage(1),
                EnqueuedTime = SqlCommands.FromUnixMs(reader.GetInt64Value(8)),
                DeliveryCount = reader.GetInt32Value(9),
                Reason = reader.GetString(10),
                ErrorDescription = reader.GetNullableString(11),
                DeadLetteredTime = SqlCommands.FromUnixMs(reader.GetInt64Value(12)),
                Topic = topic,
                Subscription = subscription,
            });
        }

        return result;
    }

    public async Task ResubmitAsync(string topic, string subscription, long sequenceNumber, CancellationToken cancellationToken)
    {
        await database.Retry.ExecuteAsync(
            async token =>
            {
                await using var connection = await database.OpenConnectionAsync(token);
                await using var transaction = await connection.BeginWriteAsync(token);
                await using (var copy = connection.Command(
                    """
                    INSERT INTO "Messages" ("Topic", "Subscription", "MessageId", "CorrelationId", "TypeName", "SourceId", "Version",
                        "PartitionKey", "Body", "EnqueuedAt", "VisibleAt", "ExpiresAt", "DeliveryCount", "LockToken")
                    SELECT "Topic", "Subscription", "MessageId", "CorrelationId", "TypeName", "SourceId", "Version",
                        "PartitionKey", "Body", @now, @now, @expiresAt, 0, NULL
                    FROM "DeadLetters" WHERE "Id" = @id AND "Topic" = @topic AND "Subscription" = @subscription
                    """,
                    transaction))
                {
                    // A resubmitted message gets a fresh life: it was expired or exhausted, and is being given another chance on purpose.
                    var now = clock.GetUtcNow().ToUnixMs();
                    var copied = await copy.With("now", now).With("expiresAt", long.MaxValue).With("id", sequenceNumber).With("topic", topic).With("subscription", subscription)
                        .ExecuteNonQueryAsync(token);
                    if (copied == 0)
                    {
                        throw new MessagingEntityNotFoundException($"Dead letter {sequenceNumber} of {topic}/{subscription} does not exist.");
                    }
                }

                await using var delete = connection.Command("""DELETE FROM "DeadLetters" WHERE "Id" = @id""", transaction);
                await delete.With("id", sequenceNumber).ExecuteNonQueryAsync(token);
                await transaction.CommitAsync(token);
            },
            cancellationToken);
        MessageSignals.PulseAll(database.ConnectionString, topic);
    }
}
