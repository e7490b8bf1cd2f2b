using System.Data.Common;
using System.Diagnostics;
using Infrastructure.Messaging;
using Infrastructure.Sql.Database;

namespace Infrastructure.Sql.Messaging;

/// <summary>
/// Peek-lock receiver. Claiming a message is one atomic UPDATE that pushes its VisibleAt to the end of
/// the lock and stamps a fresh lock token, so concurrent receivers (threads or processes) never get the
/// same delivery; on PostgreSQL, <c>SKIP LOCKED</c> lets them claim different rows at once. Settling
/// checks the token and that the lock has not expired.
/// </summary>
internal sealed class SqlMessageReceiver(SqlDatabase database, string topic, string subscription, TimeProvider clock, SqlTransportOptions options) : IMessageReceiver
{
    private const string Columns =
        "\"Id\", \"MessageId\", \"CorrelationId\", \"TypeName\", \"SourceId\", \"Version\", \"PartitionKey\", \"Body\", \"EnqueuedAt\", \"ExpiresAt\", \"DeliveryCount\"";

    private readonly MessageSignal signal = MessageSignals.For(database.ConnectionString, topic);
    private SubscriptionLimits? limits;

    public string Topic => topic;

    public string Subscription => subscription;

    public async Task<ReceivedMessage?> ReceiveAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(maxWait.TotalSeconds * Stopwatch.Frequency);
        var pause = options.MinPollInterval;
        while (true)
        {
            var wakeUp = signal.Next;
            var message = await database.Retry.ExecuteAsync(async token => await TryClaimAsync(token), cancellationToken);
            if (message is not null)
            {
                return message;
            }

            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }

            await Task.WhenAny(wakeUp, Task.Delay(Min(pause, remaining), cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            pause = Min(pause * 2, options.MaxPollInterval);
        }
    }

    public Task CompleteAsync(ReceivedMessage message, CancellationToken cancellationToken) =>
        SettleAsync(
            message,
            """DELETE FROM "Messages" WHERE "Id" = @id AND "LockToken" = @token AND "VisibleAt" > @now""",
            null,
            cancellationToken);

    public async Task AbandonAsync(ReceivedMessage message, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var max = (await GetLimitsAsync(cancellationToken)).MaxDeliveryCount;
        if (message.DeliveryCount >= max)
        {
            await DeadLetterAsync(message, DeadLetterReasons.MaxDeliveryCountExceeded, $"Abandoned on delivery {message.DeliveryCount} of {max}.", cancellationToken);
            return;
        }

        await SettleAsync(
            message,
            """UPDATE "Messages" SET "VisibleAt" = @visibleAt, "LockToken" = NULL WHERE "Id" = @id AND "LockToken" = @token AND "VisibleAt" > @now""",
            command => command.With("visibleAt", clock.GetUtcNow().ToUnixMs() + (long)(retryAfter ?? TimeSpan.Zero).TotalMilliseconds),
            cancellationToken);
        if (retryAfter is null || retryAfter <= TimeSpan.Zero)
        {
            MessageSignals.PulseAll(database.ConnectionString, topic);
        }
    }

    public Task DeadLetterAsync(ReceivedMessage message, string reason, string? errorDescription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return database.Retry.ExecuteAsync(
            async token =>
            {
                await using var connection = await database.OpenConnectionAsync(token);
                await using var transaction = await connection.BeginWriteAsync(token);
                await MoveToDeadLettersAsync(connection, transaction, message.SequenceNumber, message.LockToken, reason, errorDescription, token);
                await transaction.CommitAsync(token);
            },
            cancellationToken).AsTask();
    }

    public async Task<DateTimeOffset> RenewLockAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        var lockDuration = (await GetLimitsAsync(cancellationToken)).LockDurationMs;
        var lockedUntil = clock.GetUtcNow().ToUnixMs() + lockDuration;
        await SettleAsync(
            message,
            """UPDATE "Messages" SET "VisibleAt" = @visibleAt WHERE "Id" = @id AND "LockToken" = @token AND "VisibleAt" > @now""",
            command => command.With("visibleAt", lockedUntil),
            cancellationToken);
        return SqlCommands.FromUnixMs(lockedUntil);
    }

    private async Task<ReceivedMessage?> TryClaimAsync(CancellationToken cancellationToken)
    {
        var (lockDuration, maxDeliveryCount) = await GetLimitsAsync(cancellationToken);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        while (true)
        {
            var now = clock.GetUtcNow().ToUnixMs();

            // A plain read first: an idle subscription never takes the write lock.
            await using (var peek = connection.Command(
                """SELECT 1 FROM "Messages" WHERE "Topic" = @topic AND "Subscription" = @subscription AND "VisibleAt" <= @now LIMIT 1"""))
            {
                if (await peek.With("topic", topic).With("subscription", subscription).With("now", now).ExecuteScalarAsync(cancellationToken) is null)
                {
                    return null;
                }
            }

            var lockToken = Guid.NewGuid().ToString("N");
            var lockedUntil = now + lockDuration;
            ReceivedMessage? claimed;
            long expiresAt;
            await using (var claim = connection.Command(
                $"""
                UPDATE "Messages" SET "VisibleAt" = @lockedUntil, "LockToken" = @lockToken, "DeliveryCount" = "DeliveryCount" + 1
                WHERE "Id" = (
                    SELECT "Id" FROM "Messages"
                    WHERE "Topic" = @topic AND "Subscription" = @subscription AND "VisibleAt" <= @now
                    ORDER BY "VisibleAt", "Id" LIMIT 1{database.SkipLocked})
                RETURNING {Columns}
                """))
            {
                claim.With("lockedUntil", lockedUntil).With("lockToken", lockToken).With("topic", topic).With("subscription", subscription).With("now", now);
                await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    // Someone else claimed it between the look and the claim.
                    continue;
                }

                claimed = Read(reader, lockToken, lockedUntil);
                expiresAt = reader.GetInt64Value(9);
            }

            if (expiresAt <= now)
            {
                await DeadLetterClaimedAsync(connection, claimed, DeadLetterReasons.Expired, "The message's time to live elapsed before it was received.", cancellationToken);
                continue;
            }

            if (claimed.DeliveryCount > maxDeliveryCount)
            {
                // Its locks kept expiring (a receiver that died each time): stop handing it out.
                await DeadLetterClaimedAsync(connection, claimed, DeadLetterReasons.MaxDeliveryCountExceeded, $"Delivered {maxDeliveryCount} times without being completed.", cancellationToken);
                continue;
            }

            return claimed;
        }
    }

    private async Task DeadLetterClaimedAsync(DbConnection connection, ReceivedMessage message, string reason, string description, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        await MoveToDeadLettersAsync(connection, transaction, message.SequenceNumber, message.LockToken, reason, description, cancellationToken, message.DeliveryCount - 1);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task MoveToDeadLettersAsync(
        DbConnection connection,
        DbTransaction transaction,
        long id,
        string lockToken,
        string reason,
        string? description,
        CancellationToken cancellationToken,
        int? deliveryCount = null)
    {
        var now = clock.GetUtcNow().ToUnixMs();
        await using (var copy = connection.Command(
            $"""
            INSERT INTO "DeadLetters" ("Topic", "Subscription", "MessageId", "CorrelationId", "TypeName", "SourceId", "Version", "PartitionKey",
                "Body", "EnqueuedAt", "ExpiresAt", "DeliveryCount", "Reason", "ErrorDescription", "DeadLetteredAt")
            SELECT "Topic", "Subscription", "MessageId", "CorrelationId", "TypeName", "SourceId", "Version", "PartitionKey",
                "Body", "EnqueuedAt", "ExpiresAt", COALESCE(@deliveryCount, "DeliveryCount"), @reason, @description, @now
            FROM "Messages" WHERE "Id" = @id AND "LockToken" = @token AND "VisibleAt" > @now
            """,
            transaction))
        {
            var copied = await copy
                .With("deliveryCount", deliveryCount)
                .With("reason", reason)
                .With("description", description)
                .With("now", now)
                .With("id", id)
                .With("token", lockToken)
                .ExecuteNonQueryAsync(cancellationToken);
            if (copied == 0)
            {
                throw LockLost(id);
            }
        }

        await using var delete = connection.Command("""DELETE FROM "Messages" WHERE "Id" = @id""", transaction);
        await delete.With("id", id).ExecuteNonQueryAsync(cancellationToken);
    }

    private Task SettleAsync(ReceivedMessage message, string sql, Action<DbCommand>? parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return database.Retry.ExecuteAsync(
            async token =>
            {
                await using var connection = await database.OpenConnectionAsync(token);
                await using var command = connection.Command(sql);
                command.With("id", message.SequenceNumber).With("token", message.LockToken).With("now", clock.GetUtcNow().ToUnixMs());
                parameters?.Invoke(command);
                if (await command.ExecuteNonQueryAsync(token) == 0)
                {
                    throw LockLost(message.SequenceNumber);
                }
            },
            cancellationToken).AsTask();
    }

    private MessageLockLostException LockLost(long id) =>
        new($"The lock on message {id} of {topic}/{subscription} expired or was taken by another receiver.");

    private ReceivedMessage Read(DbDataReader reader, string lockToken, long lockedUntil) => new()
    {
        SequenceNumber = reader.GetInt64Value(0),
        Message = reader.GetTransportMessage(1),
        EnqueuedTime = SqlCommands.FromUnixMs(reader.GetInt64Value(8)),
        DeliveryCount = reader.GetInt32Value(10),
        LockToken = lockToken,
        LockedUntil = SqlCommands.FromUnixMs(lockedUntil),
        Topic = topic,
        Subscription = subscription,
    };

    private async Task<SubscriptionLimits> GetLimitsAsync(CancellationToken cancellationToken)
    {
        if (limits is { } known)
        {
            return known;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            """SELECT "LockDurationMs", "MaxDeliveryCount" FROM "MessagingSubscriptions" WHERE "Topic" = @topic AND "Name" = @subscription""");
        await using var reader = await command.With("topic", topic).With("subscription", subscription).ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new MessagingEntityNotFoundException($"Subscription '{subscription}' of topic '{topic}' does not exist; create the messaging topology first.");
        }

        return (limits = new SubscriptionLimits(reader.GetInt64Value(0), reader.GetInt32Value(1))).Value;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private readonly record struct SubscriptionLimits(long LockDurationMs, int MaxDeliveryCount);
}
