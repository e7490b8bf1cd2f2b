using Infrastructure.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Infrastructure.Sql.Outbox;

/// <summary>
/// Publishes the integration events that <typeparamref name="TContext"/>'s store committed but did not
/// get to publish (process died, bus unavailable): everything at start-up, then at every scan. Rows
/// go out source by source in version order under the message id fixed when they were written, so a
/// row published twice (by the store and by this, or after a crash before its delete) is a duplicate
/// that the transport and the consumers drop.
/// </summary>
public sealed partial class EventOutboxSweeper<TContext>(
    IDbContextFactory<TContext> contexts,
    EventOutbox outbox,
    EventOutboxSweeperOptions options,
    TimeProvider clock,
    ILogger<EventOutboxSweeper<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private static readonly string Store = typeof(TContext).Name;

    /// <summary>Publishes and deletes every row in the outbox now; returns how many were published.</summary>
    public async Task<int> PublishPendingAsync(CancellationToken cancellationToken)
    {
        var published = 0;
        var failedSources = new HashSet<Guid>();
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        while (true)
        {
            var batch = await context.Set<PendingEvent>().AsNoTracking()
                .Where(r => !failedSources.Contains(r.SourceId))
                .OrderBy(r => r.SourceId)
                .ThenBy(r => r.Version)
                .Take(Math.Max(1, options.BatchSize))
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return published;
            }

            foreach (var source in batch.GroupBy(r => r.SourceId))
            {
                List<PendingEvent> rows = [.. source];
                try
                {
                    await outbox.PublishAsync(context, rows, cancellationToken);
                    published += rows.Count;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // Leave this source's rows for the next scan and keep its later versions behind them.
                    LogPublishFailed(ex, rows.Count, Store, source.Key);
                    failedSources.Add(source.Key);
                }
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ScanInterval, clock);
        do
        {
            try
            {
                var published = await PublishPendingAsync(stoppingToken);
                if (published > 0)
                {
                    LogRecovered(published, Store);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogScanFailed(ex, Store);
            }
        }
        while (await timer.WaitForNextTickOrStopAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Published {Count} event(s) left in the {Store} outbox")]
    private partial void LogRecovered(int count, string store);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Count} event(s) of source {SourceId} from the {Store} outbox failed; retrying at the next scan")]
    private partial void LogPublishFailed(Exception ex, int count, string store, Guid sourceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scanning the {Store} outbox failed; retrying at the next scan")]
    private partial void LogScanFailed(Exception ex, string store);
}
