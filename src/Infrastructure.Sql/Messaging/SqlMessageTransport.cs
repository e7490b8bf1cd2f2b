using Infrastructure.Messaging;
using Infrastructure.Sql.Database;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Infrastructure.Sql.Messaging;

public sealed record SqlTransportOptions
{
    /// <summary>Longest pause between looks at an idle subscription when no signal arrives (other processes on SQLite, scheduled messages, expired locks).</summary>
    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>First pause after finding a subscription empty; doubles up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan MinPollInterval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Hands out the messages of one partition key one at a time, in order, on subscriptions marked
    /// RequiresSession. Off by default: no consumer relies on order, and each delivery on an ordered
    /// subscription takes and releases its partition's lock, about 8 more write transactions per order
    /// on PostgreSQL in the end-to-end benchmark.
    /// </summary>
    public bool OrderedPartitions { get; init; }

    /// <summary>
    /// Writes the SQL message log (in this database) in each send's own transaction instead of queueing a
    /// copy for the topics' log subscription; null queues the copy as for any subscription.
    /// </summary>
    public SqlMessageLogOnSend? MessageLogOnSend { get; init; }

    /// <summary>
    /// How long the completions message processors hand over (on unordered subscriptions) gather before
    /// they are deleted in one transaction; zero deletes each in its own. A longer window takes fewer
    /// transactions and leaves handled messages queued (and redelivered after a crash) a little longer.
    /// </summary>
    public TimeSpan CompletionBatchWindow { get; init; } = TimeSpan.FromMilliseconds(50);
}

/// <summary>
/// The message log written by the sender: a message enqueued is logged in the same transaction, once,
/// at the cost of one row instead of a queued copy, its claim, its completion and the log's own write.
/// A topic is logged so only when it has the subscription named <see cref="Subscription"/>; messages sent by
/// hosts without this option still reach that subscription, and its writer logs them as before.
/// </summary>
/// <param name="Topology">The topics, to tell events from commands as the log writer does.</param>
/// <param name="Subscription">The topics' log subscription.</param>
public sealed record SqlMessageLogOnSend(MessagingTopology Topology, string Subscription = "log");

/// <summary>
/// Topics and subscriptions in relational tables: a copy of each message per matching
/// subscription, peek-lock with lease expiry, delivery counts, dead letters, scheduled delivery,
/// time-to-live and duplicate detection, on SQLite, PostgreSQL or SQL Server.
/// </summary>
public sealed class SqlMessageTransport : IMessageTransport, IAsyncDisposable, IDisposable
{
    private readonly SqlDatabase database;
    private readonly TimeProvider clock;
    private readonly SqlTransportOptions options;
    private readonly SqlCompletionBatch? completions;

    public SqlMessageTransport(SqlDatabase database, TimeProvider? clock = null, SqlTransportOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        this.database = database;
        this.clock = clock ?? TimeProvider.System;
        this.options = options ?? new SqlTransportOptions();
        DeadLetters = new SqlDeadLetterQueue(database, this.clock);
        Topology = new SqlMessagingTopologyInitializer(database);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SqlMessageTransport>();
        if (this.options.CompletionBatchWindow < TimeSpan.Zero)
        {
            throw new ArgumentException("CompletionBatchWindow cannot be negative.", nameof(options));
        }

        if (this.options.CompletionBatchWindow > TimeSpan.Zero)
        {
            completions = new SqlCompletionBatch(database, this.clock, this.options.CompletionBatchWindow, logger);
        }

        if (database.IsPostgres)
        {
            PostgresNotificationListener.EnsureStarted(database.ConnectionString, logger);
        }
    }

    public IDeadLetterQueue DeadLetters { get; }

    /// <summary>The database the topics live in.</summary>
    public SqlDatabase Database => database;

    public IMessagingTopologyInitializer Topology { get; }

    public IMessageSender CreateSender(string topic) => new SqlMessageSender(database, topic, clock, options.MessageLogOnSend);

    public IMessageReceiver CreateReceiver(string topic, string subscription) => new SqlMessageReceiver(database, topic, subscription, clock, options, completions);

    /// <summary>Commits the completions still gathering.</summary>
    public ValueTask DisposeAsync() => completions?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>As <see cref="DisposeAsync"/>, for a container disposed synchronously (it refuses a service that is only IAsyncDisposable).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
