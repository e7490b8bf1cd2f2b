using Conference.Database;
using Infrastructure.Messaging;
using Infrastructure.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conference;

/// <summary>
/// Publishes the integration events that <see cref="ConferenceService"/> committed but did not get to
/// publish (process died, bus unavailable): everything at start-up, then at every scan. Rows are sent
/// conference by conference in version order under the message id fixed when they were written, so
/// a row published twice (by the service and by this, or after a crash before its delete) is a
/// duplicate that the transport and the consumers drop.
/// </summary>
public sealed partial class ConferenceOutboxPublisher(
    IDbContextFactory<ConferenceDbContext> contexts,
    IEventBus eventBus,
    IMessageSerializer serializer,
    ConferenceOutboxOptions options,
    TimeProvider clock,
    ILogger<ConferenceOutboxPublisher> logger) : BackgroundService
{
    /// <summary>Publishes and deletes every row in the outbox now; returns how many were published.</summary>
    public async Task<int> PublishPendingAsync(CancellationToken cancellationToken)
    {
        var published = 0;
        var failedConferences = new HashSet<Guid>();
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        while (true)
        {
            var batch = await context.Outbox.AsNoTracking()
                .Where(r => !failedConferences.Contains(r.ConferenceId))
                .OrderBy(r => r.ConferenceId)
                .ThenBy(r => r.Version)
                .Take(Math.Max(1, options.BatchSize))
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return published;
            }

            foreach (var rows in batch.GroupBy(r => r.ConferenceId))
            {
                try
                {
                    await ConferenceOutbox.PublishAsync(context, [.. rows], eventBus, serializer, cancellationToken);
                    published += rows.Count();
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // Leave this conference's rows for the next scan and keep its later versions behind them.
                    LogPublishFailed(ex, rows.Key, rows.Count());
                    failedConferences.Add(rows.Key);
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
                    LogRecovered(published);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogScanFailed(ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Published {Count} conference event(s) left in the outbox")]
    private partial void LogRecovered(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Count} outbox event(s) of conference {ConferenceId} failed; retrying at the next scan")]
    private partial void LogPublishFailed(Exception ex, Guid conferenceId, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scanning the conference outbox failed; retrying at the next scan")]
    private partial void LogScanFailed(Exception ex);
}
