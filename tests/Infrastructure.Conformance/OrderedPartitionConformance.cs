using System.Collections.Concurrent;
using Infrastructure.Messaging;

namespace Infrastructure.Conformance;

/// <summary>
/// Ordered partitions on a subscription that requires sessions: the messages of one partition key go
/// to one receiver at a time, in the order they were enqueued, under a lease that ends like a message
/// lock; other partitions, and messages without a key, go on meanwhile. Time is a <see cref="TestClock"/>
/// the transports read, so leases and delays end exactly when a test moves it.
/// </summary>
public abstract class OrderedPartitionConformance : IAsyncLifetime
{
    private static readonly TimeSpan Wait = Eventually.Patience;

    /// <summary>A receive expected to find nothing: the clock stands still, so what is held stays held however long this takes.</summary>
    private static readonly TimeSpan Brief = TimeSpan.FromMilliseconds(300);

    protected TestClock Clock { get; } = new();

    protected IMessageTransport Transport { get; private set; } = null!;

    /// <summary>A transport on fresh, empty storage that reads time from <paramref name="clock"/>.</summary>
    protected abstract Task<IMessageTransport> CreateTransportAsync(TimeProvider clock);

    /// <summary>Another transport on the same storage, as a second process would have.</summary>
    protected abstract IMessageTransport CreatePeerTransport(TimeProvider clock);

    public virtual async Task InitializeAsync()
    {
        Transport = await CreateTransportAsync(Clock);
        await Transport.Topology.EnsureTopologyAsync(TestTopology.Value, CancellationToken.None);
    }

    public abstract Task DisposeAsync();

    [SkippableFact]
    public async Task given_a_partition_held_by_a_receiver_when_another_receives_then_it_gets_the_next_partition_and_the_held_one_waits_its_turn()
    {
        await SendAsync(Message("p1-1", "p1"), Message("p1-2", "p1"), Message("p2-1", "p2"));
        var receiver = Receiver();
        var peer = PeerReceiver();

        var first = await receiver.ReceiveAsync(Wait, default);
        var second = await peer.ReceiveAsync(Wait, default);

        Assert.Equal("p1-1", first?.Message.MessageId);
        Assert.Equal("p2-1", second?.Message.MessageId);
        Assert.Null(await peer.ReceiveAsync(Brief, default));

        await receiver.CompleteAsync(first!, default);
        Assert.Equal("p1-2", (await peer.ReceiveAsync(Wait, default))?.Message.MessageId);
    }

    [SkippableFact]
    public async Task given_messages_without_a_partition_key_when_two_receivers_receive_then_both_are_handed_out_at_once()
    {
        await SendAsync(Message("n-1", null), Message("n-2", null));

        var first = await Receiver().ReceiveAsync(Wait, default);
        var second = await PeerReceiver().ReceiveAsync(Wait, default);

        Assert.Equal(("n-1", "n-2"), (first?.Message.MessageId, second?.Message.MessageId));
    }

    [SkippableFact]
    public async Task given_a_receiver_that_died_holding_a_partition_when_its_lease_ends_then_the_partition_resumes_with_the_same_message_first()
    {
        await SendAsync(Message("p-1", "p"), Message("p-2", "p"));
        var dead = Receiver();
        var taken = await dead.ReceiveAsync(Wait, default);
        Assert.Equal("p-1", taken?.Message.MessageId);
        var survivor = PeerReceiver();
        Assert.Null(await survivor.ReceiveAsync(Brief, default));

        Clock.AdvancePast(taken!.LockedUntil);
        var again = await survivor.ReceiveAsync(Wait, default);

        Assert.Equal(("p-1", 2), (again?.Message.MessageId, again?.DeliveryCount));
        // The dead receiver, waking up late, can neither settle nor let go of what the survivor now holds.
        await Assert.ThrowsAsync<MessageLockLostException>(() => dead.CompleteAsync(taken, default));
        Assert.Null(await Receiver().ReceiveAsync(Brief, default));
        await survivor.CompleteAsync(again!, default);
        Assert.Equal("p-2", (await survivor.ReceiveAsync(Wait, default))?.Message.MessageId);
    }

    [SkippableFact]
    public async Task given_a_message_abandoned_with_a_delay_when_its_partition_is_received_from_then_nothing_of_it_comes_before_the_message_is_due()
    {
        await SendAsync(Message("p-1", "p"), Message("p-2", "p"), Message("q-1", "q"));
        var receiver = Receiver();
        var first = await receiver.ReceiveAsync(Wait, default);
        Assert.Equal("p-1", first?.Message.MessageId);
        var delay = TimeSpan.FromMinutes(1);

        await receiver.AbandonAsync(first!, delay, default);

        var other = await receiver.ReceiveAsync(Wait, default);
        Assert.Equal("q-1", other?.Message.MessageId);
        await receiver.CompleteAsync(other!, default);
        Assert.Null(await receiver.ReceiveAsync(Brief, default));
        Clock.Advance(delay);
        var due = await receiver.ReceiveAsync(Wait, default);
        Assert.Equal(("p-1", 2), (due?.Message.MessageId, due?.DeliveryCount));
        await receiver.CompleteAsync(due!, default);
        Assert.Equal("p-2", (await receiver.ReceiveAsync(Wait, default))?.Message.MessageId);
    }

    [SkippableFact]
    public async Task given_a_poison_message_in_a_partition_when_it_is_abandoned_up_to_the_delivery_limit_then_it_is_dead_lettered_and_the_partition_goes_on()
    {
        await SendAsync(Message("poison", "p"), Message("p-next", "p"));
        var receiver = Receiver();
        for (var delivery = 1; delivery <= TestTopology.MaxDeliveryCount; delivery++)
        {
            var message = await receiver.ReceiveAsync(Wait, default);
            Assert.Equal(("poison", delivery), (message?.Message.MessageId, message?.DeliveryCount));
            await receiver.AbandonAsync(message!, null, default);
        }

        Assert.Equal("p-next", (await receiver.ReceiveAsync(Wait, default))?.Message.MessageId);
        var deadLetter = Assert.Single(await Transport.DeadLetters.ListAsync(TestTopology.Ordered, TestTopology.All, 10, default));
        Assert.Equal(("poison", DeadLetterReasons.MaxDeliveryCountExceeded), (deadLetter.Message.MessageId, deadLetter.Reason));
    }

    [SkippableFact]
    public async Task given_a_message_whose_receivers_keep_dying_when_it_passes_the_delivery_limit_then_it_is_dead_lettered_and_the_partition_goes_on()
    {
        await SendAsync(Message("poison", "p"), Message("p-next", "p"));
        for (var delivery = 1; delivery <= TestTopology.MaxDeliveryCount; delivery++)
        {
            var message = await Receiver().ReceiveAsync(Wait, default);
            Assert.Equal(("poison", delivery), (message?.Message.MessageId, message?.DeliveryCount));
            Clock.AdvancePast(message!.LockedUntil);
        }

        Assert.Equal("p-next", (await Receiver().ReceiveAsync(Wait, default))?.Message.MessageId);
        var deadLetter = Assert.Single(await Transport.DeadLetters.ListAsync(TestTopology.Ordered, TestTopology.All, 10, default));
        Assert.Equal(("poison", DeadLetterReasons.MaxDeliveryCountExceeded), (deadLetter.Message.MessageId, deadLetter.Reason));
    }

    [SkippableFact]
    public async Task given_many_messages_in_a_few_partitions_when_concurrent_receivers_in_two_processes_handle_them_then_no_partition_is_ever_in_two_hands_and_each_is_handled_in_enqueue_order()
    {
        const int partitions = 4;
        const int perPartition = 12;
        const int unkeyed = 6;
        var sent = new List<TransportMessage>();
        for (var i = 0; i < perPartition; i++)
        {
            sent.AddRange(Enumerable.Range(0, partitions).Select(p => Message($"p{p}-{i}", $"p{p}")));
            if (i < unkeyed)
            {
                sent.Add(Message($"n-{i}", null));
            }
        }

        // Several sends, as several publishers would: enqueue order is send order.
        foreach (var chunk in sent.Chunk(5))
        {
            await SendAsync([.. chunk]);
        }

        var peer = CreatePeerTransport(Clock);
        IMessageReceiver[] receivers =
        [
            Receiver(), Receiver(), peer.CreateReceiver(TestTopology.Ordered, TestTopology.All), peer.CreateReceiver(TestTopology.Ordered, TestTopology.All),
        ];
        var holders = new ConcurrentDictionary<string, int>();
        var overlaps = new ConcurrentQueue<string>();
        var handled = new ConcurrentDictionary<string, ConcurrentQueue<string>>();
        var remaining = sent.Count;
        using var patience = new CancellationTokenSource(Wait);

        async Task HandleAsync(IMessageReceiver receiver)
        {
            while (Volatile.Read(ref remaining) > 0 && !patience.IsCancellationRequested)
            {
                var message = await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(200), patience.Token);
                if (message is null)
                {
                    continue;
                }

                var partition = message.Message.PartitionKey ?? "none";
                var unordered = message.Message.PartitionKey is null;
                if (!unordered && holders.AddOrUpdate(partition, 1, (_, n) => n + 1) > 1)
                {
                    overlaps.Enqueue(message.Message.MessageId);
                }

                handled.GetOrAdd(partition, _ => new ConcurrentQueue<string>()).Enqueue(message.Message.MessageId);

                // The handler's work: a round trip to the store while holding the partition.
                await receiver.RenewLockAsync(message, patience.Token);
                if (!unordered)
                {
                    holders.AddOrUpdate(partition, 0, (_, n) => n - 1);
                }

                await receiver.CompleteAsync(message, patience.Token);
                Interlocked.Decrement(ref remaining);
            }
        }

        // Two handlers per receiver, as a processor with concurrency shares one receiver.
        await Task.WhenAll(receivers.Concat(receivers).Select(r => Task.Run(() => HandleAsync(r))));

        Assert.Equal(0, remaining);
        Assert.Empty(overlaps);
        for (var p = 0; p < partitions; p++)
        {
            Assert.Equal(
                sent.Where(m => m.PartitionKey == $"p{p}").Select(m => m.MessageId),
                handled[$"p{p}"]);
        }

        Assert.Equal(unkeyed, handled["none"].Count);
    }

    private IMessageReceiver Receiver() => Transport.CreateReceiver(TestTopology.Ordered, TestTopology.All);

    private IMessageReceiver PeerReceiver() => CreatePeerTransport(Clock).CreateReceiver(TestTopology.Ordered, TestTopology.All);

    private Task SendAsync(params TransportMessage[] messages) => Transport.CreateSender(TestTopology.Ordered).SendAsync(messages, default);

    private static TransportMessage Message(string messageId, string? partitionKey) =>
        TestTopology.Message(messageId: messageId) with { PartitionKey = partitionKey };
}
