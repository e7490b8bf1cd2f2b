using System.Data.Common;
using System.Diagnostics;
using Infrastructure.Messaging;
using Infrastructure.Sql.Database;

namespace Infrastructure.Sql.Messaging;

/// <summary>
/// Peek-lock receiver. Claiming a message is one atomic UPDATE that pushes its VisibleAt to the end of
/// the lock and stamps a fresh lock token, so concurrent receivers (threads or processes) never get the
/// same delivery; on PostgreSQL <c>SKIP LOCKED</c>, on SQL Server <c>UPDLOCK, READPAST</c>, lets them
/// claim different rows at once, and the claim checks again on the row itself that it is still due.
/// Settling checks the token and that the lock has not expired.
/// <para>
/// With <see cref="SqlTransportOptions.OrderedPartitions"/> on, on a subscription that requires sessions, messages that share a partition key are handed out one at
/// a time in enqueue order: a message is claimable only when no live row of <c>MessagePartitionLocks</c>
/// holds its partition and no message queued ahead of it in the partition is still waiting, in flight or
/// backing off. The claim takes the partition lock in the same transaction, with the message lock's
/// lease; settling releases it, and a dead receiver's partition is free again when the lease ends. An
/// abandon with a delay therefore holds the partition until the message is due. Messages scheduled for
/// later hold nothing until their time; messages without a partition key are unordered.
/// </para>
/// </summary>
internal sealed class SqlMessageReceiver(SqlDatabase database, string topic, string subscription, TimeProvider clock, SqlTransportOptions options, SqlCompletionBatch? completions = null) : IMessageReceiver
{
    private static readonly string[] Columns =
        ["Id", "MessageId", "CorrelationId", "TypeName", "SourceId", "Version", "PartitionKey", "Body", "EnqueuedAt", "ExpiresAt", "DeliveryCount"];

    /// <summary>A plain read first: an idle subscription never takes the write lock.</summary>
    internal static string PeekSql(SqlDatabase database) =>
        $"""SELECT 1 FROM "Messages" WHERE "Topic" = @topic AND "Subscription" = @subscription AND "VisibleAt" <= @now ORDER BY "VisibleAt"{database.Limit("1")}""";

    /// <summary>Claims the oldest due message of the subscription, returning it.</summary>
    internal static string ClaimSql(SqlDatabase database) => Claim(
        database,
        $"""
        SELECT "Id" FROM "Messages"{database.SkipLockedHint}
        WHERE "Topic" = @topic AND "Subscription" = @subscription AND "VisibleAt" <= @now
        ORDER BY "VisibleAt", "Id"{database.Limit("1")}{database.SkipLocked}
        """);

    internal static string OrderedPeekSql(SqlDatabase database) => OrderedCandidate(database, claim: false);

    internal static string OrderedClaimSql(SqlDatabase database) => Claim(database, OrderedCandidate(database, claim: true));

    /// <summary>Takes the partition unless a live lease holds it.</summary>
    internal static string TakePartitionSql(SqlDatabase database) => database.Upsert(
        "MessagePartitionLocks",
        ["Topic", "Subscription", "PartitionKey"],
        [("Topic", "@topic"), ("Subscription", "@subscription"), ("PartitionKey", "@partition"), ("LockToken", "@lockToken"), ("LockedUntil", "@lockedUntil")],
        update: ["LockToken", "LockedUntil"],
        updateWhere: "\"MessagePartitionLocks\".\"LockedUntil\" <= @now");

    /// <summary>Locks the message <paramref name="candidate"/> selects, checking again on the row itself that it is due, and returns it.</summary>
    private static string Claim(SqlDatabase database, string candidate) =>
        $"""
        UPDATE "Messages" SET "VisibleAt" = @lockedUntil, "LockToken" = @lockToken, "DeliveryCount" = "DeliveryCount" + 1{database.OutputUpdated(Columns)}
        WHERE "Id" = ({candidate})
            AND "VisibleAt" <= @now{database.ReturningUpdated(Columns)}
        """;

    /// <summary>The oldest claimable message of an ordered subscription (see the class remarks); filled into a SELECT or, locking it, an UPDATE.</summary>
    private static string OrderedCandidate(SqlDatabase database, bool claim) =>
        $"""
        SELECT m."Id" FROM "Messages" m{(claim ? database.SkipLockedHint : string.Empty)}
        WHERE m."Topic" = @topic AND m."Subscription" = @subscription AND m."VisibleAt" <= @now
            AND (m."PartitionKey" IS NULL OR (
                NOT EXISTS (
                    SELECT 1 FROM "MessagePartitionLocks" p
                    WHERE p."Topic" = m."Topic" AND p."Subscription" = m."Subscription" AND p."PartitionKey" = m."PartitionKey" AND p."LockedUntil" > @now)
                AND NOT EXISTS (
                    SELECT 1 FROM "Messages" e
                    WHERE e."Topic" = m."Topic" AND e."Subscription" = m."Subscription" AND e."PartitionKey" = m."PartitionKey" AND e."Id" < m."Id"
                        AND (e."DeliveryCount" > 0 OR e."VisibleAt" <= @now))))
        ORDER BY m."VisibleAt", m."Id"{database.Limit("1")}{(claim ? database.SkipLocked : string.Empty)}
        """;

    private const string CompleteSql = """DELETE FROM "Messages" WHERE "Id" = @id AND "LockToken" = @token AND "VisibleAt" > @now""";

    private const string ReleasePartition =
        """DELETE FROM "MessagePartitionLocks" WHERE "Topic" = @topic AND "Subscription" = @subscription AND "PartitionKey" = @partition AND "LockToken" = @token""";

    /// <summary>Lost claims in a row before an ordered receive gives up this look and waits like an empty one.</summary>
    private const int MaxLostClaims = 3;

    private readonly string peekSql = PeekSql(database);
    private readonly string claimSql = ClaimSql(database);
    private readonly string orderedPeekSql = OrderedPeekSql(database);
    private readonly string orderedClaimSql = OrderedClaimSql(database);
    private readonly string takePartitionSql = TakePartitionSql(database);
    private readonly MessageSignal signal = MessageSignals.For(database.ConnectionString, topic);
    private SubscriptionLimits? limits;
    private bool receiving;

    public string Topic => topic;

    public string Subscription => subscription;

    public async Task<ReceivedMessage?> ReceiveAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        if (!receiving)
        {
            MessageSignals.ReceivesHere(database.ConnectionString, topic, subscription);
            receiving = true;
        }

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

            // Wake for a message this subscription takes, or look again after the pause (another process's sends, delays, expired locks).
            var takes = (await GetLimitsAsync(cancellationToken)).Takes;
            await wakeUp.WaitForAsync(takes, Task.Delay(Min(pause, remaining), cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            pause = Min(pause * 2, options.MaxPollInterval);
        }
    }

    public Task CompleteAsync(ReceivedMessage message, CancellationToken cancellationToken) =>
        SettleAsync(
            message,
            CompleteSql,
            null,
            ReleasePartition,
            cancellationToken);

    /// <summary>
    /// On an unordered subscription, hands the completion to the transport's batch (see
    /// <see cref="SqlCompletionBatch"/>: the completions of every subscription within its window are one
    /// transaction) and claims the oldest due message at once. An ordered subscription completes as
    /// usual (its next message waits for the partition's release).
    /// </summary>
    public async Task<ReceivedMessage?> CompleteAndReceiveNextAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if ((await GetLimitsAsync(cancellationToken)).Ordered)
        {
            await CompleteAsync(message, cancellationToken);
            return null;
        }

        if (completions is null)
        {
            await CompleteAsync(message, cancellationToken);
        }
        else
        {
            completions.Add(message);
        }

        return await database.Retry.ExecuteAsync(async token => await TryClaimAsync(token), cancellationToken);
    }

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
            // The partition is released, but the message, delivered and not yet due, still holds it from the queue.
            ReleasePartition,
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
                await ReleasePartitionAsync(connection, transaction, message, token);
                await transaction.CommitAsync(token);
                PulseIfPartitioned(message);
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
            """
            UPDATE "MessagePartitionLocks" SET "LockedUntil" = @visibleAt
            WHERE "Topic" = @topic AND "Subscription" = @subscription AND "PartitionKey" = @partition AND "LockToken" = @token
            """,
            cancellationToken);
        return SqlCommands.FromUnixMs(lockedUntil);
    }

    private async Task<ReceivedMessage?> TryClaimAsync(CancellationToken cancellationToken)
    {
        var (lockDuration, maxDeliveryCount, ordered, _) = await GetLimitsAsync(cancellationToken);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        if (ordered)
        {
            return await TryClaimOrderedAsync(connection, lockDuration, maxDeliveryCount, cancellationToken);
        }

        while (true)
        {
            var now = clock.GetUtcNow().ToUnixMs();

            await using (var peek = connection.Command(peekSql))
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
            await using (var claim = connection.Command(claimSql))
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

            if (await DeadLetterIfUndeliverableAsync(connection, claimed, expiresAt, now, maxDeliveryCount, cancellationToken))
            {
                continue;
            }

            return claimed;
        }
    }

    private async Task<ReceivedMessage?> TryClaimOrderedAsync(DbConnection connection, long lockDuration, int maxDeliveryCount, CancellationToken cancellationToken)
    {
        var lostClaims = 0;
        while (true)
        {
            var now = clock.GetUtcNow().ToUnixMs();

            // A plain read first: an idle subscription, or one whose partitions are all held, never takes the write lock.
            await using (var peek = connection.Command(orderedPeekSql))
            {
                if (await peek.With("topic", topic).With("subscription", subscription).With("now", now).ExecuteScalarAsync(cancellationToken) is null)
                {
                    return null;
                }
            }

            var lockToken = Guid.NewGuid().ToString("N");
            var lockedUntil = now + lockDuration;
            ReceivedMessage? claimed = null;
            long expiresAt = 0;
            await using (var transaction = await connection.BeginWriteAsync(cancellationToken))
            {
                await using (var claim = connection.Command(orderedClaimSql, transaction))
                {
                    claim.With("lockedUntil", lockedUntil).With("lockToken", lockToken).With("topic", topic).With("subscription", subscription).With("now", now);
                    await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
                    if (await reader.ReadAsync(cancellationToken))
                    {
                        claimed = Read(reader, lockToken, lockedUntil);
                        expiresAt = reader.GetInt64Value(9);
                    }
                }

                if (claimed?.Message.PartitionKey is { } partition)
                {
                    // Takes the partition unless a live lease holds it: on PostgreSQL and SQL Server a concurrent claim
                    // of the same partition waits here for the first to commit, then finds its lease live and gets nothing.
                    await using var take = connection.Command(takePartitionSql, transaction);
                    var taken = await take
                        .With("topic", topic).With("subscription", subscription).With("partition", partition)
                        .With("lockToken", lockToken).With("lockedUntil", lockedUntil).With("now", now)
                        .ExecuteNonQueryAsync(cancellationToken);
                    if (taken == 0)
                    {
                        claimed = null;
                    }
                }

                if (claimed is null)
                {
                    // Someone else claimed it, or its partition, between the look and the claim.
                    await transaction.RollbackAsync(cancellationToken);
                    if (++lostClaims >= MaxLostClaims)
                    {
                        return null;
                    }

                    continue;
                }

                await transaction.CommitAsync(cancellationToken);
            }

            if (await DeadLetterIfUndeliverableAsync(connection, claimed, expiresAt, now, maxDeliveryCount, cancellationToken))
            {
                continue;
            }

            return claimed;
        }
    }

    /// <summary>Dead-letters a claimed message that expired or whose locks kept expiring (a receiver that died each time); true if it did.</summary>
    private async Task<bool> DeadLetterIfUndeliverableAsync(DbConnection connection, ReceivedMessage claimed, long expiresAt, long now, int maxDeliveryCount, CancellationToken cancellationToken)
    {
        if (expiresAt <= now)
        {
            await DeadLetterClaimedAsync(connection, claimed, DeadLetterReasons.Expired, "The message's time to live elapsed before it was received.", cancellationToken);
            return true;
        }

        if (claimed.DeliveryCount > maxDeliveryCount)
        {
            await DeadLetterClaimedAsync(connection, claimed, DeadLetterReasons.MaxDeliveryCountExceeded, $"Delivered {maxDeliveryCount} times without being completed.", cancellationToken);
            return true;
        }

        return false;
    }

    private async Task DeadLetterClaimedAsync(DbConnection connection, ReceivedMessage message, string reason, string description, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        await MoveToDeadLettersAsync(connection, transaction, message.SequenceNumber, message.LockToken, reason, description, cancellationToken, message.DeliveryCount - 1);
        await ReleasePartitionAsync(connection, transaction, message, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task ReleasePartitionAsync(DbConnection connection, DbTransaction transaction, ReceivedMessage message, CancellationToken cancellationToken)
    {
        if (!await IsPartitionedAsync(message, cancellationToken))
        {
            return;
        }

        await using var release = connection.Command(ReleasePartition, transaction);
        await release
            .With("topic", topic).With("subscription", subscription).With("partition", message.Message.PartitionKey).With("token", message.LockToken)
            .ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Whether the message held a partition lock: its subscription is ordered and it has a partition key.</summary>
    private async Task<bool> IsPartitionedAsync(ReceivedMessage message, CancellationToken cancellationToken) =>
        message.Message.PartitionKey is not null && (await GetLimitsAsync(cancellationToken)).Ordered;

    /// <summary>A released partition may let the next message of it go: waiters in this process look again at once.</summary>
    private void PulseIfPartitioned(ReceivedMessage message)
    {
        if (message.Message.PartitionKey is not null && limits is { Ordered: true })
        {
            MessageSignals.PulseAll(database.ConnectionString, topic);
        }
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

    /// <summary>
    /// Runs <paramref name="sql"/> on the locked message; for a message holding a partition, runs
    /// <paramref name="partitionSql"/> on its partition lock in the same transaction.
    /// </summary>
    private async Task SettleAsync(ReceivedMessage message, string sql, Action<DbCommand>? parameters, string partitionSql, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var partitioned = await IsPartitionedAsync(message, cancellationToken);
        await database.Retry.ExecuteAsync(
            async token =>
            {
                await using var connection = await database.OpenConnectionAsync(token);
                await using var transaction = partitioned ? await connection.BeginWriteAsync(token) : null;
                await using (var command = connection.Command(sql, transaction))
                {
                    command.With("id", message.SequenceNumber).With("token", message.LockToken).With("now", clock.GetUtcNow().ToUnixMs());
                    parameters?.Invoke(command);
                    if (await command.ExecuteNonQueryAsync(token) == 0)
                    {
                        throw LockLost(message.SequenceNumber);
                    }
                }

                if (transaction is not null)
                {
                    await using var partition = connection.Command(partitionSql, transaction);
                    partition.With("topic", topic).With("subscription", subscription).With("partition", message.Message.PartitionKey).With("token", message.LockToken);
                    if (partitionSql.Contains("@visibleAt", StringComparison.Ordinal))
                    {
                        parameters?.Invoke(partition);
                    }

                    await partition.ExecuteNonQueryAsync(token);
                    await transaction.CommitAsync(token);
                }
            },
            cancellationToken);
        if (partitioned && string.Equals(partitionSql, ReleasePartition, StringComparison.Ordinal))
        {
            PulseIfPartitioned(message);
        }
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
            """SELECT "LockDurationMs", "MaxDeliveryCount", "RequiresSession", "FilterKind", "FilterTypeNames" FROM "MessagingSubscriptions" WHERE "Topic" = @topic AND "Name" = @subscription""");
        await using var reader = await command.With("topic", topic).With("subscription", subscription).ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new MessagingEntityNotFoundException($"Subscription '{subscription}' of topic '{topic}' does not exist; create the messaging topology first.");
        }

        var ordered = options.OrderedPartitions && Convert.ToBoolean(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture);
        var takes = Takes(reader.GetInt32Value(3), reader.GetString(4));
        return (limits = new SubscriptionLimits(reader.GetInt64Value(0), reader.GetInt32Value(1), ordered, takes)).Value;
    }

    /// <summary>The subscription's filter as the sender applies it: all types, those listed, or those not listed.</summary>
    internal static Func<string, bool> Takes(int filterKind, string typeNames) => filterKind switch
    {
        1 => type => typeNames.Contains("|" + type + "|", StringComparison.Ordinal),
        2 => type => !typeNames.Contains("|" + type + "|", StringComparison.Ordinal),
        _ => _ => true,
    };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private readonly record struct SubscriptionLimits(long LockDurationMs, int MaxDeliveryCount, bool Ordered, Func<string, bool> Takes);
}
