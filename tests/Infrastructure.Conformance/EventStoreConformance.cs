using System.Collections.Concurrent;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Infrastructure.Serialization;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;

namespace Infrastructure.Conformance;

/// <summary>The event store contract, with its virtual queue, publisher and repository.</summary>
public abstract class EventStoreConformance : IAsyncLifetime
{
    protected const string Orders = "Order";

    protected IEventStore Store { get; private set; } = null!;

    protected IUnpublishedEventsQueue Queue { get; private set; } = null!;

    protected IMessageTransport Transport { get; private set; } = null!;

    protected IMessageSerializer Serializer { get; } = new JsonMessageSerializer(TestMessageTypes.CreateRegistry());

    /// <summary>An event store on fresh storage, and a transport (with the test topology) for the publisher.</summary>
    protected abstract Task<(IEventStore Store, IUnpublishedEventsQueue Queue, IMessageTransport Transport)> CreateAsync();

    /// <summary>Another store on the same storage, as a second process would have.</summary>
    protected abstract IEventStore CreatePeerStore();

    public virtual async Task InitializeAsync()
    {
        (Store, Queue, Transport) = await CreateAsync();
        await Transport.Topology.EnsureTopologyAsync(TestTopology.Value, default);
    }

    public abstract Task DisposeAsync();

    [SkippableFact]
    public async Task when_events_are_saved_then_they_load_back_in_order_with_all_fields()
    {
        var id = Guid.NewGuid();
        var events = Events(id, 0, 3);
        await Store.SaveAsync(Orders, id, 0, events, default);

        var loaded = await Store.LoadAsync(Orders, id, 0, default);

        Assert.Equal(events, loaded);
    }

    [SkippableFact]
    public async Task when_loading_after_a_version_then_only_newer_events_come_back()
    {
        var id = Guid.NewGuid();
        await Store.SaveAsync(Orders, id, 0, Events(id, 0, 2), default);
        await Store.SaveAsync(Orders, id, 2, Events(id, 2, 3), default);

        var loaded = await Store.LoadAsync(Orders, id, 3, default);

        Assert.Equal([4, 5], loaded.Select(e => e.Version));
    }

    [SkippableFact]
    public async Task when_a_stream_does_not_exist_then_it_loads_empty()
    {
        Assert.Empty(await Store.LoadAsync(Orders, Guid.NewGuid(), 0, default));
    }

    [SkippableFact]
    public async Task when_saving_at_a_stale_expected_version_then_it_is_a_concurrency_conflict_and_nothing_is_written()
    {
        var id = Guid.NewGuid();
        await Store.SaveAsync(Orders, id, 0, Events(id, 0, 2), default);
        await PublishAndForgetAsync();

        await Assert.ThrowsAsync<ConcurrencyException>(() => Store.SaveAsync(Orders, id, 1, Events(id, 1, 2, "late"), default));
        await Assert.ThrowsAsync<ConcurrencyException>(() => Store.SaveAsync(Orders, id, 5, Events(id, 5, 1, "ahead"), default));

        var loaded = await Store.LoadAsync(Orders, id, 0, default);
        Assert.Equal([1, 2], loaded.Select(e => e.Version));
        Assert.DoesNotContain(loaded, e => e.Payload.Contains("late", StringComparison.Ordinal));
        Assert.Empty(await Queue.GetUnpublishedAsync(Orders, id, default));
    }

    [SkippableFact]
    public async Task when_streams_share_an_id_but_not_a_type_then_they_are_separate()
    {
        var id = Guid.NewGuid();
        await Store.SaveAsync(Orders, id, 0, Events(id, 0, 1), default);
        await Store.SaveAsync("SeatsAvailability", id, 0, Events(id, 0, 2, sourceType: "SeatsAvailability"), default);

        Assert.Single(await Store.LoadAsync(Orders, id, 0, default));
        Assert.Equal(2, (await Store.LoadAsync("SeatsAvailability", id, 0, default)).Count);
    }

    [SkippableFact]
    public async Task when_the_events_to_save_are_not_the_next_versions_then_the_save_is_refused_and_nothing_is_written()
    {
        var id = Guid.NewGuid();
        var gap = new[] { Events(id, 0, 1)[0], Events(id, 2, 1)[0] };

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SaveAsync(Orders, id, 0, gap, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SaveAsync(Orders, id, 0, [], default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SaveAsync(Orders, id, 0, Events(Guid.NewGuid(), 0, 1), default));
        Assert.Empty(await Store.LoadAsync(Orders, id, 0, default));
    }

    [SkippableFact]
    public async Task when_many_writers_race_on_one_stream_then_exactly_one_wins_each_version()
    {
        var id = Guid.NewGuid();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            var store = i % 2 == 0 ? Store : CreatePeerStore();
            try
            {
                await store.SaveAsync(Orders, id, 0, Events(id, 0, 2, $"writer{i}"), default);
                return true;
            }
            catch (ConcurrencyException)
            {
                return false;
            }
        }));

        Assert.Single(outcomes, won => won);
        var loaded = await Store.LoadAsync(Orders, id, 0, default);
        Assert.Equal([1, 2], loaded.Select(e => e.Version));
        Assert.Single(loaded.Select(e => System.Text.Json.Nodes.JsonNode.Parse(e.Payload)!["note"]!.GetValue<string>()).Distinct());
        Assert.Equal(2, (await Queue.GetUnpublishedAsync(Orders, id, default)).Count);
    }

    [SkippableFact]
    public async Task when_many_writers_retry_on_conflict_then_every_append_lands_once_in_a_gapless_stream()
    {
        var id = Guid.NewGuid();
        const int writers = 6, appendsEach = 8;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            var store = w % 2 == 0 ? Store : CreatePeerStore();
            for (var n = 0; n < appendsEach; n++)
            {
                while (true)
                {
                    var version = (await store.LoadAsync(Orders, id, 0, default)).Count;
                    try
                    {
                        await store.SaveAsync(Orders, id, version, Events(id, version, 1, $"w{w}n{n}"), default);
                        break;
                    }
                    catch (ConcurrencyException)
                    {
                    }
                }
            }
        }));

        var loaded = await Store.LoadAsync(Orders, id, 0, default);
        Assert.Equal(Enumerable.Range(1, writers * appendsEach), loaded.Select(e => e.Version));
        Assert.Equal(writers * appendsEach, loaded.Select(e => e.Payload).Distinct().Count());
    }

    [SkippableFact]
    public async Task when_events_are_saved_then_a_copy_of_each_waits_in_the_unpublished_queue_until_deleted()
    {
        var id = Guid.NewGuid();
        var events = Events(id, 0, 2);
        await Store.SaveAsync(Orders, id, 0, events, default);

        Assert.Equal(events, await Queue.GetUnpublishedAsync(Orders, id, default));
        Assert.Contains((Orders, id), await Queue.GetStreamsWithUnpublishedEventsAsync(default));

        await Queue.DeleteUnpublishedAsync(Orders, id, [1], default);
        Assert.Equal([2], (await Queue.GetUnpublishedAsync(Orders, id, default)).Select(e => e.Version));
        await Queue.DeleteUnpublishedAsync(Orders, id, [2], default);
        Assert.DoesNotContain((Orders, id), await Queue.GetStreamsWithUnpublishedEventsAsync(default));
        Assert.Equal(2, (await Store.LoadAsync(Orders, id, 0, default)).Count);
    }

    [SkippableFact]
    public async Task given_queued_copies_when_some_versions_are_deleted_at_once_then_exactly_those_leave_the_queue()
    {
        var id = Guid.NewGuid();
        await Store.SaveAsync(Orders, id, 0, Events(id, 0, 6), default);
        await Store.SaveAsync("SeatsAvailability", id, 0, Events(id, 0, 2, sourceType: "SeatsAvailability"), default);

        await Queue.DeleteUnpublishedAsync(Orders, id, [5, 1, 2, 4], default);
        Assert.Equal([3, 6], (await Queue.GetUnpublishedAsync(Orders, id, default)).Select(e => e.Version));

        await Queue.DeleteUnpublishedAsync(Orders, id, [], default);
        await Queue.DeleteUnpublishedAsync(Orders, id, [3, 6, 9], default);
        Assert.Empty(await Queue.GetUnpublishedAsync(Orders, id, default));
        Assert.Equal([1, 2], (await Queue.GetUnpublishedAsync("SeatsAvailability", id, default)).Select(e => e.Version));
        Assert.Equal(6, (await Store.LoadAsync(Orders, id, 0, default)).Count);
    }

    [SkippableFact]
    public async Task when_the_publisher_runs_then_pending_events_reach_their_topic_in_order_and_leave_the_queue()
    {
        var id = Guid.NewGuid();
        await Store.SaveAsync(Orders, id, 0, Events(id, 0, 3, correlationId: "cmd-1"), default);

        var published = await Publisher().PublishAllPendingAsync(default);

        Assert.Equal(3, published);
        Assert.Empty(await Queue.GetUnpublishedAsync(Orders, id, default));
        var receiver = Transport.CreateReceiver(TestTopology.Events, TestTopology.All);
        var received = new List<ReceivedMessage>();
        while (await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(300), default) is { } message)
        {
            received.Add(message);
            await receiver.CompleteAsync(message, default);
        }

        Assert.Equal([1, 2, 3], received.Select(m => m.Message.Version));
        Assert.All(received, m => Assert.Equal("cmd-1", m.Message.CorrelationId));
        Assert.All(received, m => Assert.Equal(id.ToString(), m.Message.SourceId));
        Assert.Equal(MessageIds.ForVersionedEvent("Deposited", id, 1), received[0].Message.MessageId);
    }

    [SkippableFact]
    public async Task when_the_publisher_crashes_between_send_and_delete_then_the_event_is_sent_again_and_delivered_once()
    {
        var id = Guid.NewGuid();
        await Store.SaveAsync(Orders, id, 0, Events(id, 0, 1), default);
        var crashing = new EventStoreBusPublisher(new RecordingQueue(Queue) { CrashOnDelete = true }, Transport, PublisherOptions, NullLogger<EventStoreBusPublisher>.Instance);
        await Assert.ThrowsAsync<SimulatedCrashException>(() => crashing.PublishAllPendingAsync(default));
        Assert.Single(await Queue.GetUnpublishedAsync(Orders, id, default));

        await Publisher().PublishAllPendingAsync(default);

        Assert.Empty(await Queue.GetUnpublishedAsync(Orders, id, default));
        var receiver = Transport.CreateReceiver(TestTopology.Events, TestTopology.All);
        var first = await receiver.ReceiveAsync(Eventually.Patience, default);
        Assert.NotNull(first);
        await receiver.CompleteAsync(first, default);
        Assert.Null(await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(300), default));
    }

    [SkippableFact]
    public async Task when_the_publisher_starts_then_it_publishes_what_an_earlier_process_left_pending()
    {
        var id = Guid.NewGuid();
        await CreatePeerStore().SaveAsync(Orders, id, 0, Events(id, 0, 2), default);
        var publisher = Publisher();

        await publisher.StartAsync(default);
        try
        {
            var versions = (await ReceiveAsync(2)).Select(m => m.Version);

            Assert.Equal([1, 2], versions);

            // The copies are deleted after the send that delivered them: wait for that, not for the delivery.
            await Eventually.HoldsAsync(async () => (await Queue.GetUnpublishedAsync(Orders, id, default)).Count == 0);
            Assert.Empty(await Queue.GetUnpublishedAsync(Orders, id, default));
        }
        finally
        {
            await publisher.StopAsync(default);
        }
    }

    [SkippableFact]
    public async Task given_a_running_publisher_when_an_aggregate_is_saved_then_its_events_go_out_in_one_send_and_one_delete_without_reading_the_queue()
    {
        var (queue, transport) = (new RecordingQueue(Queue), new RecordingTransport(Transport));
        var publisher = await StartAfterFirstScanAsync(queue, transport);
        try
        {
            var account = Account.Open(Guid.NewGuid());
            account.Deposit(10);
            account.Withdraw(3);
            account.Deposit(1);
            await Repository(publisher).SaveAsync(account, "cmd-1", default);

            var received = await ReceiveAsync(3);
            await Eventually.HoldsAsync(() => !queue.Deletes.IsEmpty);

            Assert.Equal([1, 2, 3], received.Select(m => m.Version));
            Assert.All(received, m => Assert.Equal("cmd-1", m.CorrelationId));
            Assert.Equal([[1, 2, 3]], transport.Sends);
            Assert.Equal([[1, 2, 3]], queue.Deletes);
            Assert.Empty(queue.Reads);
            Assert.Empty(await Queue.GetUnpublishedAsync(nameof(Account), account.Id, default));
        }
        finally
        {
            await publisher.StopAsync(default);
        }
    }

    [SkippableFact]
    public async Task given_a_publish_that_failed_here_when_the_stream_is_saved_again_then_the_old_and_new_events_go_out_together_in_order()
    {
        var (queue, transport) = (new RecordingQueue(Queue), new RecordingTransport(Transport) { FailingSends = 1 });
        var publisher = await StartAfterFirstScanAsync(queue, transport);
        try
        {
            var repository = Repository(publisher);
            var account = Account.Open(Guid.NewGuid());
            account.Deposit(10);
            account.Deposit(5);
            await repository.SaveAsync(account, null, default);
            await Eventually.HoldsAsync(() => !transport.FailedSends.IsEmpty);
            Assert.Equal([1, 2], (await Queue.GetUnpublishedAsync(nameof(Account), account.Id, default)).Select(e => e.Version));

            account.Withdraw(4);
            await repository.SaveAsync(account, null, default);

            var received = await ReceiveAsync(3);
            await Eventually.HoldsAsync(() => !queue.Deletes.IsEmpty);

            Assert.Equal([1, 2, 3], received.Select(m => m.Version));
            Assert.Equal([[1, 2]], transport.FailedSends);
            Assert.Equal([[1, 2, 3]], transport.Sends);
            Assert.Equal([[1, 2, 3]], queue.Deletes);
            Assert.Equal([(nameof(Account), account.Id)], queue.Reads);
            Assert.Empty(await Queue.GetUnpublishedAsync(nameof(Account), account.Id, default));
        }
        finally
        {
            await publisher.StopAsync(default);
        }
    }

    [SkippableFact]
    public async Task given_an_event_another_process_left_pending_when_the_stream_is_saved_here_then_only_the_new_event_is_deleted_and_a_scan_publishes_the_old_one()
    {
        var (queue, transport) = (new RecordingQueue(Queue), new RecordingTransport(Transport));
        var publisher = await StartAfterFirstScanAsync(queue, transport);
        try
        {
            // The other process saved and died before publishing.
            var opened = Account.Open(Guid.NewGuid());
            opened.Deposit(10);
            await new EventSourcedRepository<Account>(CreatePeerStore(), Serializer, new IgnoredNotifier(), new MemoryCache(new MemoryCacheOptions()), TimeProvider.System)
                .SaveAsync(opened, null, default);

            var repository = Repository(publisher);
            var account = await repository.GetAsync(opened.Id, default);
            account.Withdraw(4);
            await repository.SaveAsync(account, null, default);
            await Eventually.HoldsAsync(() => !queue.Deletes.IsEmpty);

            Assert.Equal([[2]], transport.Sends);
            Assert.Equal([[2]], queue.Deletes);
            Assert.Empty(queue.Reads);
            Assert.Equal([1], (await Queue.GetUnpublishedAsync(nameof(Account), account.Id, default)).Select(e => e.Version));

            Assert.Equal(1, await publisher.PublishAllPendingAsync(default));

            Assert.Empty(await Queue.GetUnpublishedAsync(nameof(Account), account.Id, default));
            Assert.Equal([1, 2], (await ReceiveAsync(2)).Select(m => m.Version).Order());
        }
        finally
        {
            await publisher.StopAsync(default);
        }
    }

    [SkippableFact]
    public async Task given_a_publisher_that_crashed_between_send_and_delete_when_the_next_one_starts_then_the_events_are_sent_again_and_delivered_once()
    {
        var crashing = new RecordingQueue(Queue) { CrashOnDelete = true };
        var dying = await StartAfterFirstScanAsync(crashing, Transport);
        var account = Account.Open(Guid.NewGuid());
        account.Deposit(10);
        account.Deposit(5);
        try
        {
            await Repository(dying).SaveAsync(account, null, default);
            await Eventually.HoldsAsync(() => !crashing.Deletes.IsEmpty);
        }
        finally
        {
            await dying.StopAsync(default);
        }

        Assert.Equal(2, (await Queue.GetUnpublishedAsync(nameof(Account), account.Id, default)).Count);

        var next = Publisher();
        await next.StartAsync(default);
        try
        {
            await Eventually.HoldsAsync(async () => (await Queue.GetUnpublishedAsync(nameof(Account), account.Id, default)).Count == 0);
        }
        finally
        {
            await next.StopAsync(default);
        }

        Assert.Equal([1, 2], (await ReceiveAsync(2)).Select(m => m.Version));
        Assert.Null(await Transport.CreateReceiver(TestTopology.Events, TestTopology.All).ReceiveAsync(TimeSpan.FromMilliseconds(300), default));
    }

    [SkippableFact]
    public async Task when_an_aggregate_is_saved_and_found_then_it_has_its_state_and_version()
    {
        var repository = Repository();
        var account = Account.Open(Guid.NewGuid());
        account.Deposit(100);
        account.Withdraw(30);
        await repository.SaveAsync(account, "cmd", default);

        var found = await Repository().FindAsync(account.Id, default);

        Assert.NotNull(found);
        Assert.Equal(70, found.Balance);
        Assert.Equal(2, found.Version);
        Assert.Empty(found.PendingEvents);
        Assert.Null(await repository.FindAsync(Guid.NewGuid(), default));
        await Assert.ThrowsAsync<EntityNotFoundException>(() => repository.GetAsync(Guid.NewGuid(), default));
    }

    [SkippableFact]
    public async Task when_an_aggregate_is_loaded_from_its_snapshot_then_it_equals_a_full_replay_including_events_saved_elsewhere()
    {
        var cached = Repository();
        var account = Account.Open(Guid.NewGuid());
        account.Deposit(10);
        await cached.SaveAsync(account, null, default);

        // Another process appends without touching this process's snapshot.
        var elsewhere = Repository();
        var other = await elsewhere.GetAsync(account.Id, default);
        other.Deposit(5);
        await elsewhere.SaveAsync(other, null, default);

        var fromSnapshot = await cached.GetAsync(account.Id, default);
        var replayed = Account.Rehydrate(account.Id, (await Store.LoadAsync(nameof(Account), account.Id, 0, default)).Select(e => (IVersionedEvent)Serializer.Deserialize(e.TypeName, e.Payload)));

        Assert.Equal(replayed.Balance, fromSnapshot.Balance);
        Assert.Equal(replayed.Version, fromSnapshot.Version);
        Assert.Equal(15, fromSnapshot.Balance);
    }

    [SkippableFact]
    public async Task when_two_instances_of_an_aggregate_are_saved_then_the_second_is_a_concurrency_conflict()
    {
        var repository = Repository();
        var account = Account.Open(Guid.NewGuid());
        account.Deposit(10);
        await repository.SaveAsync(account, null, default);
        var first = await repository.GetAsync(account.Id, default);
        var second = await Repository().GetAsync(account.Id, default);
        first.Withdraw(10);
        second.Withdraw(10);

        await repository.SaveAsync(first, null, default);
        await Assert.ThrowsAsync<ConcurrencyException>(() => Repository().SaveAsync(second, null, default));

        Assert.Equal(0, (await Repository().GetAsync(account.Id, default)).Balance);
    }

    protected EventStoreBusPublisherOptions PublisherOptions { get; } = new()
    {
        DefaultTopic = TestTopology.Events,
        ScanInterval = TimeSpan.FromMilliseconds(200),
    };

    protected EventStoreBusPublisher Publisher() =>
        new(Queue, Transport, PublisherOptions, NullLogger<EventStoreBusPublisher>.Instance);

    protected EventSourcedRepository<Account> Repository(IUnpublishedEventsNotifier? notifier = null) =>
        new(Store, Serializer, notifier ?? new IgnoredNotifier(), new MemoryCache(new MemoryCacheOptions()), TimeProvider.System);

    /// <summary>
    /// A running publisher that scans only at start-up, started once that scan is over: every read of a
    /// stream's queue it makes afterwards comes from handling a save, not from a scan.
    /// </summary>
    private static async Task<EventStoreBusPublisher> StartAfterFirstScanAsync(RecordingQueue queue, IMessageTransport transport)
    {
        var publisher = new EventStoreBusPublisher(
            queue,
            transport,
            new EventStoreBusPublisherOptions { DefaultTopic = TestTopology.Events, ScanInterval = TimeSpan.FromHours(1) },
            NullLogger<EventStoreBusPublisher>.Instance);
        await publisher.StartAsync(default);
        await queue.FirstScan.WaitAsync(Eventually.Patience);
        return publisher;
    }

    /// <summary>Receives and completes <paramref name="count"/> messages of the events topic, waiting for each as long as it takes.</summary>
    private async Task<List<TransportMessage>> ReceiveAsync(int count)
    {
        var receiver = Transport.CreateReceiver(TestTopology.Events, TestTopology.All);
        var received = new List<TransportMessage>();
        while (received.Count < count && await receiver.ReceiveAsync(Eventually.Patience, default) is { } message)
        {
            received.Add(message.Message);
            await receiver.CompleteAsync(message, default);
        }

        return received;
    }

    private async Task PublishAndForgetAsync() => await Publisher().PublishAllPendingAsync(default);

    protected static IReadOnlyList<StoredEvent> Events(Guid id, int afterVersion, int count, string text = "x", string? correlationId = null, string sourceType = Orders) =>
        Enumerable.Range(afterVersion + 1, count)
            .Select(v => new StoredEvent(
                sourceType,
                id,
                v,
                "Deposited",
                $$"""{"amount":{{v}},"sourceId":"{{id}}","version":{{v}},"note":"{{text}}"}""",
                correlationId,
                DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())))
            .ToList();

    /// <summary>These specs drive the publisher explicitly, so notifications are not needed.</summary>
    private sealed class IgnoredNotifier : IUnpublishedEventsNotifier
    {
        public void Notify(string sourceType, Guid sourceId, IReadOnlyList<StoredEvent> saved)
        {
        }
    }

    /// <summary>
    /// Records what the publisher asks of the queue; with <see cref="CrashOnDelete"/> the process "dies"
    /// right after a send succeeded, before the copies are deleted.
    /// </summary>
    private sealed class RecordingQueue(IUnpublishedEventsQueue inner) : IUnpublishedEventsQueue
    {
        private readonly TaskCompletionSource firstScan = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool CrashOnDelete { get; init; }

        public ConcurrentQueue<(string SourceType, Guid SourceId)> Reads { get; } = new();

        /// <summary>Every delete once it is done (or, when crashing, once it was asked for), so a spec that sees one can check the queue.</summary>
        public ConcurrentQueue<int[]> Deletes { get; } = new();

        public Task FirstScan => firstScan.Task;

        public Task<IReadOnlyList<StoredEvent>> GetUnpublishedAsync(string sourceType, Guid sourceId, CancellationToken cancellationToken)
        {
            Reads.Enqueue((sourceType, sourceId));
            return inner.GetUnpublishedAsync(sourceType, sourceId, cancellationToken);
        }

        public async Task DeleteUnpublishedAsync(string sourceType, Guid sourceId, IReadOnlyCollection<int> versions, CancellationToken cancellationToken)
        {
            if (CrashOnDelete)
            {
                Deletes.Enqueue([.. versions]);
                throw new SimulatedCrashException();
            }

            await inner.DeleteUnpublishedAsync(sourceType, sourceId, versions, cancellationToken);
            Deletes.Enqueue([.. versions]);
        }

        public async Task<IReadOnlyList<(string SourceType, Guid SourceId)>> GetStreamsWithUnpublishedEventsAsync(CancellationToken cancellationToken)
        {
            var streams = await inner.GetStreamsWithUnpublishedEventsAsync(cancellationToken);
            firstScan.TrySetResult();
            return streams;
        }
    }

    /// <summary>Records the versions of each batch sent; the first <see cref="FailingSends"/> sends fail as an unreachable bus would.</summary>
    private sealed class RecordingTransport(IMessageTransport inner) : IMessageTransport
    {
        private int attempts;

        public int FailingSends { get; init; }

        public ConcurrentQueue<int[]> Sends { get; } = new();

        public ConcurrentQueue<int[]> FailedSends { get; } = new();

        public IDeadLetterQueue DeadLetters => inner.DeadLetters;

        public IMessagingTopologyInitializer Topology => inner.Topology;

        public IMessageSender CreateSender(string topic) => new Sender(this, inner.CreateSender(topic));

        public IMessageReceiver CreateReceiver(string topic, string subscription) => inner.CreateReceiver(topic, subscription);

        private bool ShouldFail() => Interlocked.Increment(ref attempts) <= FailingSends;

        private sealed class Sender(RecordingTransport transport, IMessageSender inner) : IMessageSender
        {
            public string Topic => inner.Topic;

            public async Task SendAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken)
            {
                var versions = messages.Select(m => m.Version ?? 0).ToArray();
                if (transport.ShouldFail())
                {
                    transport.FailedSends.Enqueue(versions);
                    throw new TimeoutException("The bus did not answer.");
                }

                await inner.SendAsync(messages, cancellationToken);
                transport.Sends.Enqueue(versions);
            }
        }
    }
}

public sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException() : base("Simulated crash.")
    {
    }

    public SimulatedCrashException(string message) : base(message)
    {
    }

    public SimulatedCrashException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
