using System.Collections.Concurrent;
using System.Threading.Channels;
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
}

/// <summary>
/// Drains the unpublished-events virtual queue: for each stream, sends its pending events in version
/// order to the bus and deletes each copy once the send is acknowledged. A crash between send and
/// delete re-sends on the next run; the deterministic message id lets duplicate detection and
/// idempotent consumers absorb it. Scans everything at start-up and periodically.
/// </summary>
public sealed partial class EventStoreBusPublisher : BackgroundService, IUnpublishedEventsNotifier
{
    private readonly IUnpublishedEventsQueue queue;
    private readonly IMessageTransport transport;
    private readonly EventStoreBusPublisherOptions options;
    private readonly ILogger<EventStoreBusPublisher> logger;
    private readonly Channel<(string SourceType, Guid SourceId)> work = Channel.CreateUnbounded<(string, Guid)>();
    private readonly ConcurrentDictionary<(string, Guid), byte> scheduled = new();
    private readonly ConcurrentDictionary<string, IMessageSender> senders = new(StringComparer.Ordinal);

    public EventStoreBusPublisher(IUnpublishedEventsQueue queue, IMessageTransport transport, EventStoreBusPublisherOptions options, ILogger<EventStoreBusPublisher> logger)
    {
        this.queue = queue;
        this.transport = transport;
        this.options = options;
        this.logger = logger;
    }

    public void Notify(string sourceType, Guid sourceId)
    {
        if (scheduled.TryAdd((sourceType, sourceId), 0))
        {
            work.Writer.TryWrite((sourceType, sourceId));
        }
    }

    /// <summary>Publishes everything pending now, stream by stream; used at start-up, by scans and by tests.</summary>
    public async Task<int> PublishAllPendingAsync(CancellationToken cancellationToken)
    {
        var published = 0;
        foreach (var (sourceType, sourceId) in await queue.GetStreamsWithUnpublishedEventsAsync(cancellationToken))
        {
            published += await PublishStreamAsync(sourceType, sourceId, cancellationToken);
        }

        return published;
    }

    /// <summary>Sends one stream's pending events in order, deleting each after its send succeeded.</summary>
    public async Task<int> PublishStreamAsync(string sourceType, Guid sourceId, CancellationToken cancellationToken)
    {
        var pending = await queue.GetUnpublishedAsync(sourceType, sourceId, cancellationToken);
        var sender = senders.GetOrAdd(
            options.TopicsBySourceType.TryGetValue(sourceType, out var topic) ? topic : options.DefaultTopic,
            transport.CreateSender);
        foreach (var e in pending)
        {
            await sender.SendAsync([ToTransportMessage(e)], cancellationToken);
            await queue.DeleteUnpublishedAsync(e.SourceType, e.SourceId, e.Version, cancellationToken);
            Instrumentation.EventsPublished.Add(1, new KeyValuePair<string, object?>("source_type", sourceType));
        }

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
                foreach (var (sourceType, sourceId) in await queue.GetStreamsWithUnpublishedEventsAsync(stoppingToken))
                {
                    Notify(sourceType, sourceId);
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
        while (await WaitQuietly(timer, stoppingToken));

        work.Writer.TryComplete();
        await Task.WhenAll(workers);
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var stream in work.Reader.ReadAllAsync(stoppingToken))
            {
                scheduled.TryRemove(stream, out _);
                try
                {
                    await PublishStreamAsync(stream.SourceType, stream.SourceId, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // Left in the virtual queue: the next scan picks it up again.
                    LogPublishFailed(ex, stream.SourceType, stream.SourceId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static async Task<bool> WaitQuietly(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scanning the unpublished events failed; will retry")]
    private partial void LogScanFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing events of {SourceType} {SourceId} failed; they stay queued and will be retried")]
    private partial void LogPublishFailed(Exception ex, string sourceType, Guid sourceId);
}
