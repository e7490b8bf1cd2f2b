using Registration.ReadModel;

namespace Conference.Web.Public;

/// <summary>
/// The one reader of the order change feed in this site instance: every
/// <see cref="PublicSiteOptions.ChangeFeedPollInterval"/> it asks the read database for the changes after
/// the last it saw (one indexed query, whatever the number of waiting pages) and publishes them to the
/// <see cref="OrderChangeHub"/>. Works across processes and instances with every provider, since it only
/// reads committed rows.
/// <para>
/// Sequences come from the database, but on PostgreSQL and SQL Server a transaction may commit after
/// another that took a later number, and a rolled-back one leaves a hole. So the watcher publishes every
/// change as soon as it sees it, but moves its cursor only over an unbroken run of sequences; a hole
/// still open after <see cref="GapTimeout"/> is taken for a rollback and stepped over.
/// </para>
/// </summary>
public sealed partial class OrderChangeWatcher(
    OrderChangeFeed feed,
    OrderChangeHub hub,
    PublicSiteOptions options,
    TimeProvider clock,
    ILogger<OrderChangeWatcher> logger) : BackgroundService
{
    /// <summary>How long a hole in the sequence is waited for: longer than any read-model transaction stays open.</summary>
    public static readonly TimeSpan GapTimeout = TimeSpan.FromSeconds(5);

    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long? cursor = null;
        var seen = new SortedSet<long>();
        DateTimeOffset? gapSince = null;
        var failing = false;
        var startedEmpty = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (cursor is null)
                {
                    // Only what changes from now on matters to the pages waiting now.
                    cursor = await feed.LatestSequenceAsync(stoppingToken);
                    startedEmpty = cursor == 0;
                    hub.Advance(cursor.Value);
                }

                var changes = await feed.ReadAfterAsync(cursor.Value, BatchSize, stoppingToken);
                foreach (var change in changes)
                {
                    if (seen.Add(change.Sequence))
                    {
                        hub.Publish(change);
                    }
                }

                if (startedEmpty && seen.Count > 0)
                {
                    // A pruned feed starts where the database's sequence is, not at 1.
                    cursor = seen.Min - 1;
                    startedEmpty = false;
                }

                (cursor, gapSince) = Advance(cursor.Value, seen, gapSince, clock.GetUtcNow());
                hub.Advance(cursor.Value);
                if (failing)
                {
                    LogRecovered(logger);
                    failing = false;
                }

                if (changes.Count == BatchSize)
                {
                    continue;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The read database may not be migrated yet, or be briefly away: pages fall back to refreshing.
                if (!failing)
                {
                    LogFailing(logger, ex);
                    failing = true;
                }
            }

            try
            {
                await Task.Delay(options.ChangeFeedPollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The cursor moved over the unbroken run of <paramref name="seen"/> after it, and since when the hole after it has been open.</summary>
    internal static (long Cursor, DateTimeOffset? GapSince) Advance(long cursor, SortedSet<long> seen, DateTimeOffset? gapSince, DateTimeOffset now)
    {
        while (true)
        {
            while (seen.Remove(cursor + 1))
            {
                cursor++;
            }

            if (seen.Count == 0)
            {
                return (cursor, null);
            }

            if (gapSince is null)
            {
                return (cursor, now);
            }

            if (now - gapSince.Value < GapTimeout)
            {
                return (cursor, gapSince);
            }

            // Open too long: a rolled-back transaction's number; step over it.
            cursor = seen.Min - 1;
            gapSince = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read the order change feed; waiting pages refresh by themselves meanwhile")]
    private static partial void LogFailing(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading the order change feed again")]
    private static partial void LogRecovered(ILogger logger);
}
