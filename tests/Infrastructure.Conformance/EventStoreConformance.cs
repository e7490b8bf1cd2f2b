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

    [Fact]
    public async Task when_events_are_saved_then_they_load_back_in_order_with_all_fields()
    {
        var id = Guid.NewGuid();
        var events = Events(id, 0, 3);
        await Store.SaveAsync(Orders, id, 0, events, default);

        var loaded = await Store.LoadAsync(Orders, id, 0, default);

        Assert.Equal(events, loaded);
    }

    [Fact]
    public async Task when_loading_after_a_version_then_only_newer_events_come_back()
    {
        var id = Guid.NewGuid();
        await Store.SaveAsync(Orders, id, 0, Events(id, 0, 2), default);
        await Store.SaveAsync(Orders, id, 2, Events(id, 2, 3), default);

        var loaded = await Store.LoadAsync(Orders, id, 3, default);

        Assert.Equal([4, 5], loaded.Select(e => e.Version));
    }

    [Fact]
    public async Task when_a_stream_does_not_exist_then_it_loads_empty()
    {
        Assert.Empty(await Store.LoadAsync(Orders, Guid.NewGuid(), 0, default));
    }

    [Fact]
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

    [Fact]
    public async Task when_streams_share_an_id_but_not_a_type_then_they_are_separate()
    {
        var id = Guid.NewGuid();
        await Store.SaveAsync(Orders, id, 0, Events(id, 0, 1), default);
        await Store.SaveAsync("SeatsAvailability", id, 0, Events(id, 0, 2, sourceType: "SeatsAvailability"), default);

        Assert.Single(await Store.LoadAsync(Orders, id, 0, default));
        Assert.Equal(2, (await Store.LoadAsync("SeatsAvailability", id, 0, default)).Count);
    }

    [Fact]
    public async Task when_the_events_to_save_are_not_the_next_versions_then_the_save_is_refused_and_nothing_is_written()
    {
        var id = Guid.NewGuid();
        var gap = new[] { Events(id, 0, 1)[0], Events(id, 2, 1)[0] };

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SaveAsync(Orders, id, 0, gap, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SaveAsync(Orders, id, 0, [], default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SaveAsync(Orders, id, 0, Events(Guid.NewGuid(), 0, 1), default));
        Assert.Empty(await Store.LoadAsync(Orders, id, 0, default));
    }

    [Fact]
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

    [Fact]
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

    [Fact]
    public async Task when_events_are_saved_then_a_copy_of_each_waits_in_the_unpublished_queue_until_deleted()
    {
        var id = Guid.NewGuid();
        var events = Events(id, 0, 2);
        await Store.SaveAsync(Orders, id, 0, events, default);

        Assert.Equal(events, await Queue.GetUnpublishedAsync(Orders, id, default));
        Assert.Contains((Orders, id), await Queue.GetStreamsWithUnpublishedEventsAsync(default));

        await Queue.DeleteUnpublishedAsync(Orders, id, 1, default);
        Assert.Equal([2], (await Queue.GetUnpublishedAsync(Orders, id, default)).Select(e => e.Version));
        await Queue.DeleteUnpublishedAsync(Orders, id, 2, default);
        Assert.DoesNotContain((Orders, id), await Queue.GetStreamsWithUnpublishedEventsAsync(default));
        Assert.Equal(2, (await Store.LoadAsync(Orders, id, 0, default)).Count);
    }

    [Fact]
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

    [Fact]
    public async Task when_the_publisher_crashes_between_send_and_delete_then_the_event_is_sent_again_and_delivered_once()
    {
        var id = Guid.NewGuid();
        await Store.SaveAsync(Orders, id, 0, Events(id, 0, 1), default);
        var crashing = new EventStoreBusPublisher(new CrashOnDelete(Queue), Transport, PublisherOptions, NullLogger<EventStoreBusPublisher>.Instance);
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

    [Fact]
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

    [Fact]
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

    [Fact]
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

    [Fact]
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

    protected EventSourcedRepository<Account> Repository() =>
        new(Store, Serializer, new IgnoredNotifier(), new MemoryCache(new MemoryCacheOptions()), TimeProvider.System);

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
        public void Notify(string sourceType, Guid sourceId)
        {
        }
    }

    /// <summary>Fault injection: the process "dies" right after a send succeeded, before the copy is deleted.</summary>
    private sealed class CrashOnDelete(IUnpublishedEventsQueue inner) : IUnpublishedEventsQueue
    {
        public Task<IReadOnlyList<StoredEvent>> GetUnpublishedAsync(string sourceType, Guid sourceId, CancellationToken cancellationToken) =>
            inner.GetUnpublishedAsync(sourceType, sourceId, cancellationToken);

        public Task DeleteUnpublishedAsync(string sourceType, Guid sourceId, int version, CancellationToken cancellationToken) =>
            throw new SimulatedCrashException();

        public Task<IReadOnlyList<(string SourceType, Guid SourceId)>> GetStreamsWithUnpublishedEventsAsync(CancellationToken cancellationToken) =>
            inner.GetStreamsWithUnpublishedEventsAsync(cancellationToken);
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
