using System.Data.Common;
using Infrastructure.MessageLog;
using Infrastructure.Messaging;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.MessageLog;

namespace Infrastructure.Sql.Messaging;

/// <summary>
/// Enqueues a copy of each message for every subscription of the topic whose filter matches, in one
/// transaction with the duplicate-detection record. A message id already recorded for the topic
/// within its window is dropped, so a retried send (or a re-published event) is harmless. With
/// <see cref="SqlMessageLogOnSend"/>, the message log row is written in that transaction too, in place of
/// the log subscription's copy.
/// </summary>
internal sealed class SqlMessageSender(SqlDatabase database, string topic, TimeProvider clock, SqlMessageLogOnSend? logOnSend = null) : IMessageSender
{
    private readonly string insertSql = InsertSql(database);
    private readonly string recordSql = RecordSql(database);
    private readonly string logSql = SqlMessageLog.InsertSql(database);
    private long duplicateDetectionWindowMs = -1;

    // Whether this topic has the log subscription that logOnSend writes for (looked up once, with the window).
    private bool? logsOnSend;
    private long nextPurgeAt;

    public string Topic => topic;

    /// <summary>A copy of the message for each subscription of the topic whose filter takes its type.</summary>
    internal static string InsertSql(SqlDatabase database)
    {
        var typeMatch = database.Contains("s.\"FilterTypeNames\"", "@pattern");
        return $"""
            INSERT INTO "Messages" ("Topic", "Subscription", "MessageId", "CorrelationId", "TypeName", "SourceId", "Version",
                "PartitionKey", "Body", "EnqueuedAt", "VisibleAt", "ExpiresAt", "DeliveryCount", "LockToken")
            SELECT @topic, s."Name", @messageId, @correlationId, @typeName, @sourceId, @version,
                @partitionKey, @body, @now, @visibleAt, @expiresAt, 0, NULL
            FROM "MessagingSubscriptions" s
            WHERE s."Topic" = @topic
              AND s."Name" <> @notQueuedFor
              AND (s."FilterKind" = 0 OR (s."FilterKind" = 1 AND {typeMatch}) OR (s."FilterKind" = 2 AND NOT ({typeMatch})))
            """;
    }

    /// <summary>Records the message id for the topic's window unless a live record has it (one row affected when recorded).</summary>
    internal static string RecordSql(SqlDatabase database) => database.Upsert(
        "MessageDuplicates",
        ["Topic", "MessageId"],
        [("Topic", "@topic"), ("MessageId", "@messageId"), ("ExpiresAt", "@expiresAt")],
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
        MessageSignals.PulseAll(database.ConnectionString, topic, TypeNames(messages));
        Instrumentation.MessagesSent.Add(sent, new KeyValuePair<string, object?>("topic", topic));
        Instrumentation.DuplicatesDropped.Add(messages.Count - sent, new KeyValuePair<string, object?>("topic", topic));
    }

    private async Task<int> SendOnceAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
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

        if (database.IsPostgres && sent > 0)
        {
            await using var notify = connection.Command("SELECT pg_notify(@channel, @payload)", transaction);
            await notify.With("channel", PostgresNotificationListener.Channel).With("payload", PostgresNotificationListener.Payload(topic, TypeNames(messages))).ExecuteNonQueryAsync(cancellationToken);
        }

        if (now >= nextPurgeAt)
        {
            await using var purge = connection.Command("DELETE FROM \"MessageDuplicates\" WHERE \"Topic\" = @topic AND \"ExpiresAt\" <= @now", transaction);
            await purge.With("topic", topic).With("now", now).ExecuteNonQueryAsync(cancellationToken);
            nextPurgeAt = now + 60_000;
        }

        await transaction.CommitAsync(cancellationToken);
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

    private async Task<bool> LogsOnSendAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
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

    private async Task<long> GetDuplicateDetectionWindowAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (duplicateDetectionWindowMs >= 0)
        {
            return duplicateDetectionWindowMs;
        }

        await using var command = connection.Command("SELECT \"DuplicateDetectionWindowMs\" FROM \"MessagingTopics\" WHERE \"Name\" = @topic", transaction);
        var window = await command.With("topic", topic).ExecuteScalarAsync(cancellationToken)
            ?? throw new MessagingEntityNotFoundException($"Topic '{topic}' does not exist; create the messaging topology first.");
        return duplicateDetectionWindowMs = Convert.ToInt64(window, System.Globalization.CultureInfo.InvariantCulture);
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
