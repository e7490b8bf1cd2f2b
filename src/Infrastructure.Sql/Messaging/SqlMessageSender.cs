using System.Data.Common;
using Infrastructure.MessageLog;
using Infrastructure.Messaging;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.MessageLog;
using Npgsql;

namespace Infrastructure.Sql.Messaging;

/// <summary>
/// Enqueues a copy of each message for every subscription of the topic whose filter matches, in one
/// transaction with the duplicate-detection record. A message id already recorded for the topic
/// within its window is dropped, so a retried send (or a re-published event) is harmless. With
/// <see cref="SqlMessageLogOnSend"/>, the message log row is written in that transaction too, in place of
/// the log subscription's copy. On PostgreSQL a message is one statement (the record, the copies and
/// the log row chained in one <c>WITH</c>) and a send is one batch of them: one round trip, in the
/// implicit transaction PostgreSQL gives a batch, instead of BEGIN, a statement per row, a NOTIFY and
/// COMMIT; other processes' listeners are notified after the commit by <see cref="PostgresNotifier"/>.
/// </summary>
internal sealed class SqlMessageSender(SqlDatabase database, string topic, TimeProvider clock, SqlMessageLogOnSend? logOnSend = null) : IMessageSender
{
    private readonly string insertSql = InsertSql(database);
    private readonly string recordSql = RecordSql(database);
    private readonly string logSql = SqlMessageLog.InsertSql(database);
    private readonly string postgresSendSql = PostgresSendSql(database, log: false);
    private readonly string postgresSendAndLogSql = PostgresSendSql(database, log: true);
    private long duplicateDetectionWindowMs = -1;
    private List<(string Name, Func<string, bool> Takes)>? subscriptions;

    // Whether this topic has the log subscription that logOnSend writes for (looked up once, with the window).
    private bool? logsOnSend;
    private long nextPurgeAt;

    public string Topic => topic;

    /// <summary>The database it enqueues in (a store there may enqueue in its own transaction).</summary>
    internal SqlDatabase Database => database;

    /// <summary>A copy of the message for each subscription of the topic whose filter takes its type.</summary>
    /// <param name="database">The dialect.</param>
    /// <param name="gate">A relation joined to the subscriptions (the copies are written once per row of it), or null.</param>
    internal static string InsertSql(SqlDatabase database, string? gate = null)
    {
        var typeMatch = database.Contains("s.\"FilterTypeNames\"", "@pattern");
        return $"""
            INSERT INTO "Messages" ("Topic", "Subscription", "MessageId", "CorrelationId", "TypeName", "SourceId", "Version",
                "PartitionKey", "Body", "EnqueuedAt", "VisibleAt", "ExpiresAt", "DeliveryCount", "LockToken")
            SELECT @topic, s."Name", @messageId, @correlationId, @typeName, @sourceId, @version,
                @partitionKey, @body, @now, @visibleAt, @expiresAt, 0, NULL
            FROM "MessagingSubscriptions" s{(gate is null ? string.Empty : " CROSS JOIN " + gate)}
            WHERE s."Topic" = @topic
              AND s."Name" <> @notQueuedFor
              AND (s."FilterKind" = 0 OR (s."FilterKind" = 1 AND {typeMatch}) OR (s."FilterKind" = 2 AND NOT ({typeMatch})))
            """;
    }

    /// <summary>
    /// PostgreSQL: one message as one statement. The record is written (or renewed once its window has
    /// passed) and returns a row only then; the copies and the log row (with <paramref name="log"/>) are
    /// written once per row it returns, so a duplicate writes nothing but its attempt.
    /// The statement returns one row when the message was recorded, none for a duplicate.
    /// </summary>
    internal static string PostgresSendSql(SqlDatabase database, bool log)
    {
        var logged = log
            ? $"""
                , logged AS (
                    {SqlMessageLog.InsertSql(database).Replace("VALUES (", "SELECT ", StringComparison.Ordinal).Replace(") ON CONFLICT", " FROM recorded ON CONFLICT", StringComparison.Ordinal)}
                )
                """
            : string.Empty;
        return $"""
            WITH recorded AS (
                {RecordSql(database, expiresAt: "@recordExpiresAt")}
                RETURNING 1 AS "Recorded"
            ), queued AS (
                {InsertSql(database, gate: "recorded")}
            ){logged}
            SELECT "Recorded" FROM recorded
            """;
    }

    /// <summary>Records the message id for the topic's window unless a live record has it (one row affected when recorded).</summary>
    internal static string RecordSql(SqlDatabase database, string expiresAt = "@expiresAt") => database.Upsert(
        "MessageDuplicates",
        ["Topic", "MessageId"],
        [("Topic", "@topic"), ("MessageId", "@messageId"), ("ExpiresAt", expiresAt)],
        update: ["ExpiresAt"],
        updateWhere: "\"MessageDuplicates\".\"ExpiresAt\" <= @now");

    public async Task SendAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            Validate(message);
        }

        if (messages.Count == 0)
        {
            return;
        }

        using var activity = Instrumentation.ActivitySource.StartActivity($"send {topic}", System.Diagnostics.ActivityKind.Producer);
        var sent = await database.Retry.ExecuteAsync(async token => await SendOnceAsync(messages, token), cancellationToken);
        Sent(messages, sent);
    }

    /// <summary>
    /// Enqueues <paramref name="messages"/> in the caller's transaction on this database (a store that
    /// publishes what it saves in the same transaction); the caller calls <see cref="Sent"/> after its
    /// commit. Returns how many were new (not duplicates).
    /// </summary>
    internal async Task<int> SendInTransactionAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            Validate(message);
        }

        return await EnqueueAsync(connection, transaction, messages, cancellationToken);
    }

    /// <summary>After the commit of a send: wakes the receivers that take these types (here, and on PostgreSQL in other processes) and counts.</summary>
    internal void Sent(IReadOnlyList<TransportMessage> messages, int sent)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var typeNames = TypeNames(messages);
        MessageSignals.PulseAll(database.ConnectionString, topic, typeNames);
        if (database.IsPostgres && sent > 0 && !AllReceivedHere(typeNames))
        {
            PostgresNotifier.For(database).Notify(topic, typeNames);
        }

        Instrumentation.MessagesSent.Add(sent, new KeyValuePair<string, object?>("topic", topic));
        Instrumentation.DuplicatesDropped.Add(messages.Count - sent, new KeyValuePair<string, object?>("topic", topic));
    }

    private async Task<int> SendOnceAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken)
    {
        if (database.IsPostgres)
        {
            return await SendOnPostgresAsync(messages, cancellationToken);
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var sent = await EnqueueAsync(connection, transaction, messages, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return sent;
    }

    /// <summary>The duplicate records, the subscriptions' copies and the log rows of a send, in <paramref name="transaction"/>.</summary>
    private async Task<int> EnqueueAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken)
    {
        var window = await GetDuplicateDetectionWindowAsync(connection, transaction, cancellationToken);
        var logged = await LogsOnSendAsync(connection, transaction, cancellationToken);
        var now = clock.GetUtcNow().ToUnixMs();
        var sent = 0;
        foreach (var message in messages)
        {
            if (!await RecordMessageIdAsync(connection, transaction, message.MessageId, now, window, cancellationToken))
            {
                continue;
            }

            var visibleAt = now + (long)message.Delay.TotalMilliseconds;
            var expiresAt = message.TimeToLive is { } ttl ? visibleAt + (long)ttl.TotalMilliseconds : long.MaxValue;
            await using var insert = connection.Command(insertSql, transaction);
            await insert
                .With("topic", topic)
                .With("messageId", message.MessageId)
                .With("correlationId", message.CorrelationId)
                .With("typeName", message.TypeName)
                .With("sourceId", message.SourceId)
                .With("version", message.Version)
                .With("partitionKey", message.PartitionKey)
                .With("body", message.Body)
                .With("now", now)
                .With("visibleAt", visibleAt)
                .With("expiresAt", expiresAt)
                .With("pattern", "|" + message.TypeName + "|")
                .With("notQueuedFor", logged ? logOnSend!.Subscription : string.Empty)
                .ExecuteNonQueryAsync(cancellationToken);
            if (logged)
            {
                await LogAsync(connection, transaction, message, now, cancellationToken);
            }

            sent++;
        }

        if (now >= nextPurgeAt)
        {
            await using var purge = connection.Command("DELETE FROM \"MessageDuplicates\" WHERE \"Topic\" = @topic AND \"ExpiresAt\" <= @now", transaction);
            await purge.With("topic", topic).With("now", now).ExecuteNonQueryAsync(cancellationToken);
            nextPurgeAt = now + 60_000;
        }

        return sent;
    }

    /// <summary>
    /// One batch, one round trip: a statement per message and, when due, the purge of lapsed records.
    /// Without an explicit transaction PostgreSQL runs a batch's statements (up to its one Sync) as one
    /// implicit transaction, so the send stays all or nothing; a message id twice in one send is recorded
    /// by its first statement, and the second finds the record.
    /// </summary>
    private async Task<int> SendOnPostgresAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken)
    {
        await using var connection = (NpgsqlConnection)await database.OpenConnectionAsync(cancellationToken);
        if (duplicateDetectionWindowMs < 0 || (logOnSend is not null && logsOnSend is null))
        {
            // Once per sender: the topic's window (and whether it exists) and whether it has the log subscription.
            await GetDuplicateDetectionWindowAsync(connection, null, cancellationToken);
            await LogsOnSendAsync(connection, null, cancellationToken);
        }

        var window = duplicateDetectionWindowMs;
        var logged = logsOnSend == true;
        var now = clock.GetUtcNow().ToUnixMs();
        await using var batch = new NpgsqlBatch(connection);
        foreach (var message in messages)
        {
            var visibleAt = now + (long)message.Delay.TotalMilliseconds;
            var send = new NpgsqlBatchCommand(logged ? postgresSendAndLogSql : postgresSendSql);
            send.Parameters.AddWithValue("topic", topic);
            send.Parameters.AddWithValue("messageId", message.MessageId);
            send.Parameters.AddWithValue("correlationId", (object?)message.CorrelationId ?? DBNull.Value);
            send.Parameters.AddWithValue("typeName", message.TypeName);
            send.Parameters.AddWithValue("sourceId", (object?)message.SourceId ?? DBNull.Value);
            send.Parameters.AddWithValue("version", NpgsqlTypes.NpgsqlDbType.Integer, (object?)message.Version ?? DBNull.Value);
            send.Parameters.AddWithValue("partitionKey", (object?)message.PartitionKey ?? DBNull.Value);
            send.Parameters.AddWithValue("body", message.Body);
            send.Parameters.AddWithValue("now", now);
            send.Parameters.AddWithValue("visibleAt", visibleAt);
            send.Parameters.AddWithValue("expiresAt", message.TimeToLive is { } ttl ? visibleAt + (long)ttl.TotalMilliseconds : long.MaxValue);
            send.Parameters.AddWithValue("recordExpiresAt", now + window);
            send.Parameters.AddWithValue("pattern", "|" + message.TypeName + "|");
            send.Parameters.AddWithValue("notQueuedFor", logged ? logOnSend!.Subscription : string.Empty);
            if (logged)
            {
                send.Parameters.AddWithValue("kind", MessageLogEntry.KindOf(logOnSend!.Topology, topic, message.Version));
                send.Parameters.AddWithValue("enqueuedAt", now);
                send.Parameters.AddWithValue("payload", message.Body);
            }

            batch.BatchCommands.Add(send);
        }

        var purging = now >= nextPurgeAt;
        if (purging)
        {
            var purge = new NpgsqlBatchCommand("DELETE FROM \"MessageDuplicates\" WHERE \"Topic\" = @topic AND \"ExpiresAt\" <= @now");
            purge.Parameters.AddWithValue("topic", topic);
            purge.Parameters.AddWithValue("now", now);
            batch.BatchCommands.Add(purge);
        }

        var sent = 0;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            do
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    sent++;
                }
            }
            while (await reader.NextResultAsync(cancellationToken));
        }

        if (purging)
        {
            nextPurgeAt = now + 60_000;
        }

        return sent;
    }

    private async Task LogAsync(DbConnection connection, DbTransaction transaction, TransportMessage message, long now, CancellationToken cancellationToken)
    {
        await using var log = connection.Command(logSql, transaction);
        await log
            .With("messageId", message.MessageId)
            .With("topic", topic)
            .With("kind", MessageLogEntry.KindOf(logOnSend!.Topology, topic, message.Version))
            .With("typeName", message.TypeName)
            .With("sourceId", message.SourceId)
            .With("version", message.Version)
            .With("correlationId", message.CorrelationId)
            .With("enqueuedAt", now)
            .With("payload", message.Body)
            .ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<bool> LogsOnSendAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        if (logOnSend is null)
        {
            return false;
        }

        if (logsOnSend is { } known)
        {
            return known;
        }

        await using var command = connection.Command("SELECT COUNT(*) FROM \"MessagingSubscriptions\" WHERE \"Topic\" = @topic AND \"Name\" = @name", transaction);
        var count = await command.With("topic", topic).With("name", logOnSend.Subscription).ExecuteScalarAsync(cancellationToken);
        return (logsOnSend = Convert.ToInt64(count, System.Globalization.CultureInfo.InvariantCulture) > 0).Value;
    }

    /// <summary>True when the id is new (or its window has passed) and is now recorded; false for a duplicate.</summary>
    private async Task<bool> RecordMessageIdAsync(DbConnection connection, DbTransaction transaction, string messageId, long now, long window, CancellationToken cancellationToken)
    {
        await using var record = connection.Command(recordSql, transaction);
        var rows = await record
            .With("topic", topic)
            .With("messageId", messageId)
            .With("expiresAt", now + window)
            .With("now", now)
            .ExecuteNonQueryAsync(cancellationToken);
        return rows == 1;
    }

    private async Task<long> GetDuplicateDetectionWindowAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        if (duplicateDetectionWindowMs >= 0)
        {
            return duplicateDetectionWindowMs;
        }

        await using var command = connection.Command("SELECT \"DuplicateDetectionWindowMs\" FROM \"MessagingTopics\" WHERE \"Name\" = @topic", transaction);
        var window = await command.With("topic", topic).ExecuteScalarAsync(cancellationToken)
            ?? throw new MessagingEntityNotFoundException($"Topic '{topic}' does not exist; create the messaging topology first.");

        // The topic's subscriptions and their filters, looked up with the window: who a send must notify.
        await using var listing = connection.Command("""SELECT "Name", "FilterKind", "FilterTypeNames" FROM "MessagingSubscriptions" WHERE "Topic" = @topic""", transaction);
        var found = new List<(string, Func<string, bool>)>();
        await using (var reader = await listing.With("topic", topic).ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add((reader.GetString(0), SqlMessageReceiver.Takes(reader.GetInt32Value(1), reader.GetString(2))));
            }
        }

        subscriptions = found;
        return duplicateDetectionWindowMs = Convert.ToInt64(window, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Whether every subscription that takes one of <paramref name="typeNames"/> has a receiver in this
    /// process, which the pulse has just woken: then a NOTIFY (a transaction id of its own) would wake
    /// other processes only to compete for messages this one is already taking. Unknown subscriptions: false.
    /// </summary>
    private bool AllReceivedHere(string[] typeNames)
    {
        if (subscriptions is not { } known)
        {
            return false;
        }

        foreach (var (name, takes) in known)
        {
            if ((logsOnSend == true && name == logOnSend!.Subscription) || !typeNames.Any(takes))
            {
                continue;
            }

            if (!MessageSignals.IsReceivedHere(database.ConnectionString, topic, name))
            {
                return false;
            }
        }

        return true;
    }

    private static string[] TypeNames(IReadOnlyList<TransportMessage> messages) => [.. messages.Select(m => m.TypeName).Distinct(StringComparer.Ordinal)];

    private static void Validate(TransportMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrWhiteSpace(message.MessageId) || message.MessageId.Length > 128)
        {
            throw new ArgumentException("A message id is required and is at most 128 characters.", nameof(message));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(message.TypeName);
        ArgumentNullException.ThrowIfNull(message.Body);
        if (message.Delay < TimeSpan.Zero)
        {
            throw new ArgumentException("Delay cannot be negative.", nameof(message));
        }

        if (message.TimeToLive is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentException("TimeToLive must be positive.", nameof(message));
        }
    }
}
