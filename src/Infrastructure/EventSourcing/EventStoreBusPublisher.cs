using System.Collections.Concurrent;
using System.Threading.Channels;
using Infrastructure.Hosting;
using Infrastructure.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Infrastructure.EventSourcing;

public sealed record EventStoreBusPublisherOptions
{
    /// <summary>Topic for each aggregate type's events (RI V3: Order → conference/eventsOrders, SeatsAvailability → conference/eventsAvailability).</summary>
    public IReadOnlyDictionary<string, string> TopicsBySourceType { get; init; } = new Dictionary<string, string>();

    /// <summary>Topic for every other aggregate type.</summary>
    public string DefaultTopic { get; init; } = "conference/events";

    /// <summary>How often the whole virtual queue is scanned (catches events saved by other processes and retries failures).</summary>
    public TimeSpan ScanInterval { get; init; } = TimeSpan.FromSeconds(10);

    public int MaxConcurrentStreams { get; init; } = 4;

    /// <summary>The topic <paramref name="sourceType"/>'s events are published to.</summary>
    public string TopicFor(string sourceType) => TopicsBySourceType.TryGetValue(sourceType, out var topic) ? topic : DefaultTopic;
}

/// <summary>
/// Publishes saved events to the bus. After a save in this process the repository hands the saved
/// events over (<see cref="Notify"/>) and they are sent as they are, without reading them back; the
/// virtual queue is read only by the start-up and periodic scans (events saved by other processes) and
/// for a stream whose earlier publish failed here. Each pass sends a stream's events in one batch and
/// then deletes their copies in one statement. A crash between send and delete re-sends on the next
/// scan; the deterministic message id lets duplicate detection and idempotent consumers absorb it.
/// One stream is published by one worker at a time, so its passes do not overtake each other.
/// </summary>
public sealed partial class EventStoreBusPublisher : BackgroundService, IUnpublishedEventsNotifier
{
    private readonly IUnpublishedEventsQueue queue;
    private readonly IMessageTransport transport;
    private readonly EventStoreBusPublisherOptions options;
    private readonly ILogger<EventStoreBusPublisher> logger;
    private readonly Channel<(string SourceType, Guid SourceId)> work = Channel.CreateUnbounded<(string, Guid)>();
    private readonly Lock gate = new();
    private readonly Dictionary<(string SourceType, Guid SourceId), StreamWork> streams = [];
    private readonly ConcurrentDictionary<string, IMessageSender> senders = new(StringComparer.Ordinal);

    public EventStoreBusPublisher(IUnpublishedEventsQueue queue, IMessageTransport transport, EventStoreBusPublisherOptions options, ILogger<EventStoreBusPublisher> logger)
    {
        this.queue = queue;
        this.transport = transport;
        this.options = options;
        this.logger = logger;
    }

    public void Notify(string sourceType, Guid sourceId, IReadOnlyList<StoredEvent> saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        Schedule((sourceType, sourceId), saved, readQueue: saved.Count == 0);
    }

    /// <summary>Publishes everything pending now, stream by stream, from the queue; used by tests and tools.</summary>
    public async Task<int> PublishAllPendingAsync(CancellationToken cancellationToken)
    {
        var published = 0;
        foreach (var (sourceType, sourceId) in await queue.GetStreamsWithUnpublishedEventsAsync(cancellationToken))
        {
            published += await PublishStreamAsync(sourceType, sourceId, cancellationToken);
        }

        return published;
    }

    /// <summary>Reads one stream's pending events from the queue, sends them in one batch and deletes them in one statement.</summary>
    public async Task<int> PublishStreamAsync(string sourceType, Guid sourceId, CancellationToken cancellationToken)
    {
        var pending = await queue.GetUnpublishedAsync(sourceType, sourceId, cancellationToken);
        await SendAndDeleteAsync(sourceType, sourceId, pending, cancellationToken);
        return pending.Count;
    }

    public static TransportMessage ToTransportMessage(StoredEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new TransportMessage
        {
            MessageId = MessageIds.ForVersionedEvent(e.TypeName, e.SourceId, e.Version),
            TypeName = e.TypeName,
            Body = e.Payload,
            CorrelationId = e.CorrelationId,
            SourceId = e.SourceId.ToString(),
            Version = e.Version,
            PartitionKey = e.SourceId.ToString(),
        };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = Enumerable.Range(0, options.MaxConcurrentStreams).Select(_ => WorkAsync(stoppingToken)).ToList();
        using var timer = new PeriodicTimer(options.ScanInterval);
        do
        {
            try
            {
                foreach (var stream in await queue.GetStreamsWithUnpublishedEventsAsync(stoppingToken))
                {
                    Schedule(stream, [], readQueue: true);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogScanFailed(ex);
            }
        }
        while (await timer.WaitForNextTickOrStopAsync(stoppingToken));

        work.Writer.TryComplete();
        await Task.WhenAll(workers);
    }

    private void Schedule((string SourceType, Guid SourceId) stream, IReadOnlyList<StoredEvent> handedOver, bool readQueue)
    {
        lock (gate)
        {
            if (!streams.TryGetValue(stream, out var state))
            {
                streams[stream] = state = new StreamWork();
            }

            state.HandedOver.AddRange(handedOver);
            state.ReadQueue |= readQueue;
            if (state.Scheduled)
            {
                // The worker on it takes these on its next pass.
                return;
            }

            state.Scheduled = true;
        }

        work.Writer.TryWrite(stream);
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var stream in work.Reader.ReadAllAsync(stoppingToken))
            {
                await DrainAsync(stream, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Publishes one stream, pass after pass, until nothing more was handed over or asked for.</summary>
    private async Task DrainAsync((string SourceType, Guid SourceId) stream, CancellationToken stoppingToken)
    {
        // Highest version a queue read of this drain returned. Saves of one stream commit in version
        // order, so a handed-over event at or below it was committed before that read: it was sent
        // with it or had already been published and deleted.
        var readThrough = 0;
        while (true)
        {
            List<StoredEvent> handedOver;
            bool readQueue;
            lock (gate)
            {
                var state = streams[stream];
                handedOver = [.. state.HandedOver.Where(e => e.Version > readThrough)];
                state.HandedOver.Clear();
                readQueue = state.ReadQueue;
                state.ReadQueue = false;
                if (handedOver.Count == 0 && !readQueue)
                {
                    streams.Remove(stream);
                    return;
                }
            }

            try
            {
                if (readQueue)
                {
                    // Handed-over events were committed before they were handed over, so the read holds them too.
                    var pending = await queue.GetUnpublishedAsync(stream.SourceType, stream.SourceId, stoppingToken);
                    await SendAndDeleteAsync(stream.SourceType, stream.SourceId, pending, stoppingToken);
                    if (pending.Count > 0)
                    {
                        readThrough = Math.Max(readThrough, pending[^1].Version);
                    }
                }
                else
                {
                    List<StoredEvent> batch = [.. handedOver.DistinctBy(e => e.Version).OrderBy(e => e.Version)];
                    await SendAndDeleteAsync(stream.SourceType, stream.SourceId, batch, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                // Left in the virtual queue: the next scan, or the stream's next save here, reads it again,
                // so later saves are not published ahead of it while it waits for the scan.
                LogPublishFailed(ex, stream.SourceType, stream.SourceId);
                lock (gate)
                {
                    var state = streams[stream];
                    state.ReadQueue = true;
                    if (state.HandedOver.Count == 0)
                    {
                        state.Scheduled = false;
                        return;
                    }
                }

                // Saved again while this pass failed: one more attempt now rather than at the next scan.
                // Each such retry needs a new save, so an unreachable bus does not make this spin.
            }
        }
    }

    private async Task SendAndDeleteAsync(string sourceType, Guid sourceId, IReadOnlyList<StoredEvent> pending, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var sender = senders.GetOrAdd(options.TopicFor(sourceType), transport.CreateSender);
        await sender.SendAsync([.. pending.Select(ToTransportMessage)], cancellationToken);

        // A crash here leaves the copies queued; the next scan sends them again under the same message ids.
        await queue.DeleteUnpublishedAsync(sourceType, sourceId, [.. pending.Select(e => e.Version)], cancellationToken);
        Instrumentation.EventsPublished.Add(pending.Count, new KeyValuePair<string, object?>("source_type", sourceType));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scanning the unpublished events failed; will retry")]
    private partial void LogScanFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing events of {SourceType} {SourceId} failed; they stay queued and will be retried")]
    private partial void LogPublishFailed(Exception ex, string sourceType, Guid sourceId);

    /// <summary>What one stream is waiting for in this process; guarded by <see cref="gate"/>.</summary>
    private sealed class StreamWork
    {
        public List<StoredEvent> HandedOver { get; } = [];

        /// <summary>Its queue must be read: a scan found it, or a publish of it failed here.</summary>
        public bool ReadQueue { get; set; }

        /// <summary>On the work channel or being drained by a worker.</summary>
        public bool Scheduled { get; set; }
    }
}
