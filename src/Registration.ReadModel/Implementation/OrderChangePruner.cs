using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Registration.ReadModel.Implementation;

/// <summary>
/// Keeps the order change feed short: a page waits for its order for seconds, so changes older than
/// <see cref="Retention"/> are of no use to anyone and are deleted every <see cref="Interval"/>. Runs in
/// the processor, beside the generators that write the feed.
/// </summary>
public sealed partial class OrderChangePruner(OrderChangeFeed feed, TimeProvider clock, ILogger<OrderChangePruner> logger) : BackgroundService
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                var deleted = await feed.PruneAsync(clock.GetUtcNow() - Retention, stoppingToken);
                LogPruned(logger, deleted);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next round tries again; an unpruned feed is only longer.
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pruned {Count} order changes")]
    private static partial void LogPruned(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not prune the order change feed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
