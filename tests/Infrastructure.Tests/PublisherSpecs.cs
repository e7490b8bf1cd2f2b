using System.Collections.Concurrent;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Infrastructure.Tests;

/// <summary>How the publisher orders and batches the events handed over by saves in this process.</summary>
public sealed class given_a_running_event_store_publisher : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private const string Orders = "Order";

    private readonly MemoryQueue queue = new();
    private readonly HoldingTransport transport = new();
    private readonly EventStoreBusPublisher publisher;

    public given_a_running_event_store_publisher() =>
        publisher = new EventStoreBusPublisher(
            queue,
            transport,
            new EventStoreBusPublisherOptions { DefaultTopic = "events", ScanInterval = TimeSpan.FromHours(1) },
            NullLogger<EventStoreBusPublisher>.Instance);

    public async Task InitializeAsync()
    {
        await publisher.StartAsync(default);

        // Saves start after the start-up scan, so any read of a stream's queue comes from handling them.
        await queue.FirstScan.WaitAsync(Patience);
    }

    public async Task DisposeAsync()
    {
        transport.Release();
        await publisher.StopAsync(default);
        publisher.Dispose();
    }

    [Fact]
    public async Task when_the_stream_is_saved_again_while_its_send_is_in_flight_then_the_new_events_follow_in_their_own_batch_after_it()
    {
        var id = Guid.NewGuid();
        transport.HoldFirstSend();
        Save(id, 0, 2);
        await transport.FirstSendStarted.WaitAsync(Patience);

        Save(id, 2, 1);
        transport.Release();
        await queue.WaitForDeletesAsync(2, Patience);

        Assert.Equal([[1, 2], [3]], transport.Sends);
        Assert.Equal([[1, 2], [3]], queue.Deletes);
        Assert.Equal(1, transport.MaxConcurrentSends);
        Assert.Equal(0, queue.Reads);
        Assert.Empty(queue.Pending(id));
    }

    [Fact]
    public async Task when_the_stream_is_saved_again_while_a_send_that_fails_is_in_flight_then_old_and_new_events_are_sent_together_at_once()
    {
        var id = Guid.NewGuid();
        transport.HoldFirstSend(andFailIt: true);
        Save(id, 0, 2);
        await transport.FirstSendStarted.WaitAsync(Patience);

        Save(id, 2, 1);
        transport.Release();

        // No scan runs in this spec: only the retry the new save asked for can publish them.
        await queue.WaitForDeletesAsync(1, Patience);
        Assert.Equal([[1, 2, 3]], transport.Sends);
        Assert.Equal([[1, 2, 3]], queue.Deletes);
        Assert.Equal(1, queue.Reads);
        Assert.Empty(queue.Pending(id));
    }

    [Fact]
    public async Task when_saves_are_handed_over_out_of_version_order_while_a_send_is_in_flight_then_they_go_out_together_in_version_order()
    {
        var id = Guid.NewGuid();
        transport.HoldFirstSend();
        Save(id, 0, 2);
        await transport.FirstSendStarted.WaitAsync(Patience);

        // Two saves whose notifications raced: the later one is handed over first.
        var third = queue.Commit(Events(id, 2, 1));
        var fourth = queue.Commit(Events(id, 3, 2));
        publisher.Notify(Orders, id, fourth);
        publisher.Notify(Orders, id, third);
        transport.Release();
        await queue.WaitForDeletesAsync(2, Patience);

        Assert.Equal([[1, 2], [3, 4, 5]], transport.Sends);
        Assert.Equal([[1, 2], [3, 4, 5]], queue.Deletes);
        Assert.Empty(queue.Pending(id));
    }

    [Fact]
    public async Task when_an_event_a_queue_read_already_sent_is_handed_over_late_then_it_is_not_sent_again()
    {
        var id = Guid.NewGuid();
        var saved = queue.Commit(Events(id, 0, 2));
        transport.HoldFirstSend();
        publisher.Notify(Orders, id, []);
        await transport.FirstSendStarted.WaitAsync(Patience);

        // The notification of that save arrives after the read that found its events.
        publisher.Notify(Orders, id, saved);
        Save(id, 2, 1);
        transport.Release();
        await queue.WaitForDeletesAsync(2, Patience);

        Assert.Equal([[1, 2], [3]], transport.Sends);
        Assert.Equal(1, queue.Reads);
        Assert.Empty(queue.Pending(id));
    }

    [Fact]
    public async Task when_a_notification_carries_no_events_then_the_stream_is_read_from_the_queue_and_published()
    {
        var id = Guid.NewGuid();
        queue.Commit(Events(id, 0, 3));

        publisher.Notify(Orders, id, []);
        await queue.WaitForDeletesAsync(1, Patience);

        Assert.Equal([[1, 2, 3]], transport.Sends);
        Assert.Equal(1, queue.Reads);
        Assert.Empty(queue.Pending(id));
    }

    /// <summary>What the repository does: commit, then hand the committed events to the publisher.</summary>
    private void Save(Guid id, int afterVersion, int count) => publisher.Notify(Orders, id, queue.Commit(Events(id, afterVersion, count)));

    private static List<StoredEvent> Events(Guid id, int afterVersion, int count) =>
        [.. Enumerable.Range(afterVersion + 1, count).Select(v => new StoredEvent(Orders, id, v, "Placed", $$"""{"version":{{v}}}""", null, DateTimeOffset.UnixEpoch))];

    /// <summary>The virtual queue in memory, counting what the publisher asks of it.</summary>
    private sealed class MemoryQueue : IUnpublishedEventsQueue
    {
        private readonly Lock gate = new();
        private readonly Dictionary<(string, Guid), SortedDictionary<int, StoredEvent>> pending = [];
        private readonly TaskCompletionSource firstScan = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly SemaphoreSlim deleted = new(0);
        private int reads;

        public Task FirstScan => firstScan.Task;

        public int Reads => Volatile.Read(ref reads);

        public ConcurrentQueue<int[]> Deletes { get; } = new();

        public List<StoredEvent> Commit(List<StoredEvent> events)
        {
            lock (gate)
            {
                foreach (var e in events)
                {
                    StreamOf(e.SourceType, e.SourceId)[e.Version] = e;
                }
            }

            return events;
        }

        public IReadOnlyList<StoredEvent> Pending(Guid id)
        {
            lock (gate)
            {
                return [.. StreamOf(Orders, id).Values];
            }
        }

        public async Task WaitForDeletesAsync(int count, TimeSpan patience)
        {
            for (var i = 0; i < count; i++)
            {
                Assert.True(await deleted.WaitAsync(patience), $"Delete {i + 1} of {count} did not happen in time.");
            }
        }

        public Task<IReadOnlyList<StoredEvent>> GetUnpublishedAsync(string sourceType, Guid sourceId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref reads);
            lock (gate)
            {
                return Task.FromResult<IReadOnlyList<StoredEvent>>([.. StreamOf(sourceType, sourceId).Values]);
            }
        }

        public Task DeleteUnpublishedAsync(string sourceType, Guid sourceId, IReadOnlyCollection<int> versions, CancellationToken cancellationToken)
        {
            lock (gate)
            {
                foreach (var version in versions)
                {
                    StreamOf(sourceType, sourceId).Remove(version);
                }
            }

            Deletes.Enqueue([.. versions]);
            deleted.Release();
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<(string SourceType, Guid SourceId)>> GetStreamsWithUnpublishedEventsAsync(CancellationToken cancellationToken)
        {
            IReadOnlyList<(string, Guid)> streams;
            lock (gate)
            {
                streams = [.. pending.Where(p => p.Value.Count > 0).Select(p => p.Key)];
            }

            firstScan.TrySetResult();
            return Task.FromResult(streams);
        }

        private SortedDictionary<int, StoredEvent> StreamOf(string sourceType, Guid sourceId)
        {
            if (!pending.TryGetValue((sourceType, sourceId), out var stream))
            {
                pending[(sourceType, sourceId)] = stream = [];
            }

            return stream;
        }
    }

    /// <summary>A bus that records each batch it sent and can hold the first send until released, then fail it.</summary>
    private sealed class HoldingTransport : IMessageTransport
    {
        private readonly TaskCompletionSource firstSendStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool hold;
        private bool failFirst;
        private int sends;
        private int inFlight;
        private int maxInFlight;

        public ConcurrentQueue<int[]> Sends { get; } = new();

        public Task FirstSendStarted => firstSendStarted.Task;

        public int MaxConcurrentSends => Volatile.Read(ref maxInFlight);

        public IDeadLetterQueue DeadLetters => throw new NotSupportedException();

        public IMessagingTopologyInitializer Topology => throw new NotSupportedException();

        public void HoldFirstSend(bool andFailIt = false) => (hold, failFirst) = (true, andFailIt);

        public void Release() => released.TrySetResult();

        public IMessageSender CreateSender(string topic) => new Sender(this, topic);

        public IMessageReceiver CreateReceiver(string topic, string subscription) => throw new NotSupportedException();

        private async Task SendAsync(IReadOnlyList<TransportMessage> messages)
        {
            var running = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, running);
            try
            {
                if (Interlocked.Increment(ref sends) == 1 && hold)
                {
                    firstSendStarted.TrySetResult();
                    await released.Task;
                    if (failFirst)
                    {
                        throw new TimeoutException("The bus did not answer.");
                    }
                }

                Sends.Enqueue([.. messages.Select(m => m.Version ?? 0)]);
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            var current = Volatile.Read(ref target);
            while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
            {
                current = seen;
            }
        }

        private sealed class Sender(HoldingTransport transport, string topic) : IMessageSender
        {
            public string Topic => topic;

            public Task SendAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken) => transport.SendAsync(messages);
        }
    }
}
