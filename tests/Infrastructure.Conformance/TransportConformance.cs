using Infrastructure.Messaging;

namespace Infrastructure.Conformance;

/// <summary>
/// The transport contract (at-least-once peek-lock delivery, filters, dead letters, schedule, expiry,
/// duplicate detection), written once; each implementation's test project derives a class named for
/// it (e.g. <c>SqliteTransportConformance</c>) that supplies fresh, isolated storage.
/// A suite for an outside service it cannot reach calls <c>Skip.If</c> in <see cref="InitializeAsync"/>,
/// and each test is reported skipped with the reason.
/// </summary>
public abstract class TransportConformance : IAsyncLifetime
{
    /// <summary>How long a receive that expects a message may wait; it returns as soon as one arrives.</summary>
    private static readonly TimeSpan Wait = Eventually.Patience;

    protected IMessageTransport Transport { get; private set; } = null!;

    /// <summary>
    /// The topology the suite runs on: <see cref="TestTopology.Value"/>, or a copy a broker can accept
    /// (Service Bus has floors for lock durations and duplicate-detection windows). The tests wait
    /// on the durations it declares.
    /// </summary>
    protected virtual MessagingTopology Topology => TestTopology.Value;

    /// <summary>Whether a completion hands over the next due message (the SQL transport does, in the same transaction).</summary>
    protected virtual bool HandsOverNextOnCompletion => false;

    /// <summary>A completion with a hand-over is queued and committed in a batch: a lost lock then means the message is delivered again rather than an exception.</summary>
    protected virtual bool BatchesCompletions => false;

    /// <summary>A transport on fresh, empty storage.</summary>
    protected abstract Task<IMessageTransport> CreateTransportAsync();

    /// <summary>Another transport on the same storage, as a second process would have.</summary>
    protected abstract IMessageTransport CreatePeerTransport();

    public virtual async Task InitializeAsync()
    {
        Transport = await CreateTransportAsync();
        await Transport.Topology.EnsureTopologyAsync(Topology, CancellationToken.None);
    }

    public abstract Task DisposeAsync();

    [SkippableFact]
    public async Task when_a_message_is_sent_then_it_is_received_with_all_its_metadata()
    {
        var sent = new TransportMessage
        {
            MessageId = "m-1",
            TypeName = "A",
            Body = """{"value":42}""",
            CorrelationId = "c-1",
            SourceId = Guid.NewGuid().ToString(),
            Version = 7,
            PartitionKey = "p-1",
        };
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await Transport.CreateSender(TestTopology.Commands).SendAsync([sent], default);

        var received = await Receiver(TestTopology.Commands).ReceiveAsync(Wait, default);

        Assert.NotNull(received);
        Assert.Equal(sent, received.Message);
        Assert.Equal(1, received.DeliveryCount);
        Assert.InRange(received.EnqueuedTime, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.True(received.LockedUntil > DateTimeOffset.UtcNow);
        Assert.Equal(TestTopology.Commands, received.Topic);
        Assert.Equal(TestTopology.All, received.Subscription);
    }

    [SkippableFact]
    public async Task when_nothing_was_sent_then_receive_returns_nothing_after_waiting()
    {
        Assert.Null(await Receiver(TestTopology.Commands).ReceiveAsync(TimeSpan.FromMilliseconds(200), default));
    }

    [SkippableFact]
    public async Task when_an_event_is_published_then_every_subscription_whose_filter_matches_gets_its_own_copy()
    {
        var sender = Transport.CreateSender(TestTopology.Events);
        await sender.SendAsync([TestTopology.Message("A", "a-1"), TestTopology.Message("B", "b-1")], default);

        Assert.Equal(["a-1", "b-1"], await DrainIdsAsync(Receiver(TestTopology.Events, TestTopology.All)));
        Assert.Equal(["a-1", "b-1"], await DrainIdsAsync(Receiver(TestTopology.Events, TestTopology.Log)));
        Assert.Equal(["a-1"], await DrainIdsAsync(Receiver(TestTopology.Events, TestTopology.OnlyA)));
        Assert.Equal(["b-1"], await DrainIdsAsync(Receiver(TestTopology.Events, TestTopology.NotA)));
    }

    [SkippableFact]
    public async Task when_a_message_is_completed_then_it_is_not_delivered_again()
    {
        await SendAsync(TestTopology.ShortLocks, TestTopology.Message());
        var receiver = Receiver(TestTopology.ShortLocks);
        var received = await receiver.ReceiveAsync(Wait, default);
        await receiver.CompleteAsync(received!, default);

        // Past the lock it held: a message only locked, not removed, would be delivered again from then on.
        await Eventually.PassedAsync(received!.LockedUntil);
        Assert.Null(await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(200), default));
    }

    [SkippableFact]
    public async Task when_a_message_is_locked_then_no_other_receiver_gets_it()
    {
        await SendAsync(TestTopology.Commands, TestTopology.Message(messageId: "locked"));
        var first = await Receiver(TestTopology.Commands).ReceiveAsync(Wait, default);
        Assert.NotNull(first);

        Assert.Null(await CreatePeerTransport().CreateReceiver(TestTopology.Commands, TestTopology.All).ReceiveAsync(TimeSpan.FromMilliseconds(300), default));
    }

    [SkippableFact]
    public async Task when_a_message_is_abandoned_then_it_is_delivered_again_with_the_delivery_count_increased()
    {
        await SendAsync(TestTopology.Commands, TestTopology.Message(messageId: "again"));
        var receiver = Receiver(TestTopology.Commands);
        var first = await receiver.ReceiveAsync(Wait, default);
        await receiver.AbandonAsync(first!, null, default);

        var second = await receiver.ReceiveAsync(Wait, default);

        Assert.NotNull(second);
        Assert.Equal("again", second.Message.MessageId);
        Assert.Equal(2, second.DeliveryCount);
        Assert.NotEqual(first!.LockToken, second.LockToken);
    }

    [SkippableFact]
    public async Task when_a_message_is_abandoned_with_a_delay_then_it_is_not_delivered_before_the_delay()
    {
        await SendAsync(TestTopology.Commands, TestTopology.Message());
        var receiver = Receiver(TestTopology.Commands);
        var first = await receiver.ReceiveAsync(Wait, default);
        await receiver.AbandonAsync(first!, TimeSpan.FromSeconds(2), default);

        Assert.Null(await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(300), default));
        Assert.NotNull(await receiver.ReceiveAsync(Wait, default));
    }

    [SkippableFact]
    public async Task when_a_message_is_abandoned_on_its_last_allowed_delivery_then_it_is_dead_lettered()
    {
        await SendAsync(TestTopology.Commands, TestTopology.Message(messageId: "poison"));
        var receiver = Receiver(TestTopology.Commands);
        for (var delivery = 1; delivery <= TestTopology.MaxDeliveryCount; delivery++)
        {
            var message = await receiver.ReceiveAsync(Wait, default);
            Assert.NotNull(message);
            Assert.Equal(delivery, message.DeliveryCount);
            await receiver.AbandonAsync(message, null, default);
        }

        Assert.Null(await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(200), default));
        var deadLetter = Assert.Single(await Transport.DeadLetters.ListAsync(TestTopology.Commands, TestTopology.All, 10, default));
        Assert.Equal("poison", deadLetter.Message.MessageId);
        Assert.Equal(DeadLetterReasons.MaxDeliveryCountExceeded, deadLetter.Reason);
        Assert.Equal(TestTopology.MaxDeliveryCount, deadLetter.DeliveryCount);
    }

    [SkippableFact]
    public async Task when_a_receiver_dies_holding_a_lock_then_the_message_goes_to_another_receiver_after_the_lock_expires()
    {
        await SendAsync(TestTopology.ShortLocks, TestTopology.Message(messageId: "orphan"));
        var dead = Receiver(TestTopology.ShortLocks);
        var held = await dead.ReceiveAsync(Wait, default);
        Assert.NotNull(held);

        var survivor = CreatePeerTransport().CreateReceiver(TestTopology.ShortLocks, TestTopology.All);
        var redelivered = await survivor.ReceiveAsync(Wait, default);

        Assert.NotNull(redelivered);
        Assert.Equal("orphan", redelivered.Message.MessageId);
        Assert.Equal(2, redelivered.DeliveryCount);
        await Assert.ThrowsAsync<MessageLockLostException>(() => dead.CompleteAsync(held, default));
        await survivor.CompleteAsync(redelivered, default);
    }

    [SkippableFact]
    public async Task when_a_completion_hands_over_the_next_message_then_each_is_delivered_once_in_turn()
    {
        await SendAsync(TestTopology.Commands, TestTopology.Message(messageId: "first"));
        await SendAsync(TestTopology.Commands, TestTopology.Message(messageId: "second"));
        var receiver = Receiver(TestTopology.Commands);
        var first = await receiver.ReceiveAsync(Wait, default);
        Assert.NotNull(first);

        var handedOver = await receiver.CompleteAndReceiveNextAsync(first, default);
        Assert.Equal(HandsOverNextOnCompletion, handedOver is not null);
        var second = handedOver ?? await receiver.ReceiveAsync(Wait, default);

        Assert.Equal(("first", "second", 1), (first.Message.MessageId, second?.Message.MessageId, second?.DeliveryCount));
        Assert.Null(await CreatePeerTransport().CreateReceiver(TestTopology.Commands, TestTopology.All).ReceiveAsync(TimeSpan.FromMilliseconds(300), default));
        Assert.Null(await receiver.CompleteAndReceiveNextAsync(second!, default));
    }

    [SkippableFact]
    public async Task when_a_lock_has_expired_then_completing_with_a_hand_over_fails_with_lock_lost_or_delivers_the_message_again()
    {
        await SendAsync(TestTopology.ShortLocks, TestTopology.Message(messageId: "expired"));
        var receiver = Receiver(TestTopology.ShortLocks);
        var message = await receiver.ReceiveAsync(Wait, default);
        await Eventually.PassedAsync(message!.LockedUntil);

        ReceivedMessage? handedOver = null;
        if (BatchesCompletions)
        {
            // The queued completion cannot delete a message whose lock lapsed: it is due again, and may be the one handed over.
            handedOver = await receiver.CompleteAndReceiveNextAsync(message!, default);
        }
        else
        {
            await Assert.ThrowsAsync<MessageLockLostException>(() => receiver.CompleteAndReceiveNextAsync(message!, default));
        }

        // The expired message itself is due again: the failed hand-over left it (and its next delivery) alone.
        var again = handedOver ?? await receiver.ReceiveAsync(Wait, default);
        Assert.Equal(("expired", 2), (again?.Message.MessageId, again?.DeliveryCount));
    }

    [SkippableFact]
    public async Task when_a_lock_has_expired_then_settling_with_it_fails_with_lock_lost()
    {
        await SendAsync(TestTopology.ShortLocks, TestTopology.Message());
        var receiver = Receiver(TestTopology.ShortLocks);
        var message = await receiver.ReceiveAsync(Wait, default);
        await Eventually.PassedAsync(message!.LockedUntil);

        await Assert.ThrowsAsync<MessageLockLostException>(() => receiver.CompleteAsync(message!, default));
        await Assert.ThrowsAsync<MessageLockLostException>(() => receiver.AbandonAsync(message!, null, default));
        await Assert.ThrowsAsync<MessageLockLostException>(() => receiver.DeadLetterAsync(message!, "test", null, default));
    }

    [SkippableFact]
    public async Task when_a_lock_is_renewed_then_the_message_stays_locked_past_the_original_expiry()
    {
        // Renewed half-way through, then checked as soon as the original lock has expired: each step
        // waits for the moment it needs, leaving the busy machine half a lock of slack on either side.
        await SendAsync(TestTopology.Renewable, TestTopology.Message());
        var receiver = Receiver(TestTopology.Renewable);
        var message = await receiver.ReceiveAsync(Wait, default);
        Assert.NotNull(message);
        await Eventually.PassedAsync(message.LockedUntil - (Topology.GetSubscription(TestTopology.Renewable, TestTopology.All).LockDuration / 2));

        var lockedUntil = await receiver.RenewLockAsync(message, default);
        await Eventually.PassedAsync(message.LockedUntil);

        Assert.True(lockedUntil > message.LockedUntil);
        Assert.Null(await Receiver(TestTopology.Renewable).ReceiveAsync(TimeSpan.FromMilliseconds(50), default));
        await receiver.CompleteAsync(message, default);
    }

    [SkippableFact]
    public async Task when_locks_keep_expiring_past_the_delivery_limit_then_the_message_is_dead_lettered()
    {
        await SendAsync(TestTopology.ShortLocks, TestTopology.Message(messageId: "crashes-every-receiver"));
        for (var delivery = 1; delivery <= TestTopology.MaxDeliveryCount; delivery++)
        {
            Assert.NotNull(await Receiver(TestTopology.ShortLocks).ReceiveAsync(Wait, default));
        }

        Assert.Null(await Receiver(TestTopology.ShortLocks).ReceiveAsync(Topology.GetSubscription(TestTopology.ShortLocks, TestTopology.All).LockDuration * 2, default));
        var deadLetter = Assert.Single(await Transport.DeadLetters.ListAsync(TestTopology.ShortLocks, TestTopology.All, 10, default));
        Assert.Equal(DeadLetterReasons.MaxDeliveryCountExceeded, deadLetter.Reason);
    }

    [SkippableFact]
    public async Task when_a_message_is_dead_lettered_with_a_reason_then_it_can_be_listed_and_resubmitted()
    {
        await SendAsync(TestTopology.Commands, TestTopology.Message(messageId: "bad", body: """{"x":1}"""));
        var receiver = Receiver(TestTopology.Commands);
        var message = await receiver.ReceiveAsync(Wait, default);
        await receiver.DeadLetterAsync(message!, "Rejected", "details of why", default);
        Assert.Null(await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(100), default));

        var deadLetter = Assert.Single(await Transport.DeadLetters.ListAsync(TestTopology.Commands, TestTopology.All, 10, default));
        Assert.Equal("Rejected", deadLetter.Reason);
        Assert.Equal("details of why", deadLetter.ErrorDescription);
        Assert.Equal(message!.Message, deadLetter.Message);

        await Transport.DeadLetters.ResubmitAsync(TestTopology.Commands, TestTopology.All, deadLetter.SequenceNumber, default);
        var again = await receiver.ReceiveAsync(Wait, default);
        Assert.NotNull(again);
        Assert.Equal(message.Message, again.Message);
        Assert.Equal(1, again.DeliveryCount);
        Assert.Empty(await Transport.DeadLetters.ListAsync(TestTopology.Commands, TestTopology.All, 10, default));
    }

    [SkippableFact]
    public async Task when_resubmitting_a_dead_letter_that_does_not_exist_then_it_says_so()
    {
        await Assert.ThrowsAsync<MessagingEntityNotFoundException>(() => Transport.DeadLetters.ResubmitAsync(TestTopology.Commands, TestTopology.All, 12345, default));
    }

    [SkippableFact]
    public async Task when_a_message_is_scheduled_then_it_is_not_delivered_before_its_time()
    {
        await SendAsync(TestTopology.Commands, TestTopology.Message(messageId: "later") with { Delay = TimeSpan.FromSeconds(2) });
        var receiver = Receiver(TestTopology.Commands);

        Assert.Null(await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(400), default));
        var message = await receiver.ReceiveAsync(Wait, default);
        Assert.Equal("later", message?.Message.MessageId);
    }

    [SkippableFact]
    public async Task when_a_message_outlives_its_time_to_live_then_it_is_dead_lettered_as_expired_instead_of_delivered()
    {
        var timeToLive = TimeSpan.FromMilliseconds(300);
        await SendAsync(TestTopology.Commands, TestTopology.Message(messageId: "stale") with { TimeToLive = timeToLive });
        var staleSentBy = DateTimeOffset.UtcNow;
        await SendAsync(TestTopology.Commands, TestTopology.Message(messageId: "fresh"));
        await Eventually.PassedAsync(staleSentBy + timeToLive);

        var receiver = Receiver(TestTopology.Commands);
        Assert.Equal(["fresh"], await DrainIdsAsync(receiver));
        var deadLetter = Assert.Single(await Transport.DeadLetters.ListAsync(TestTopology.Commands, TestTopology.All, 10, default));
        Assert.Equal("stale", deadLetter.Message.MessageId);
        Assert.Equal(DeadLetterReasons.Expired, deadLetter.Reason);
    }

    [SkippableFact]
    public async Task when_the_same_message_id_is_sent_twice_within_the_window_then_it_is_delivered_once()
    {
        await SendAsync(TestTopology.Events, TestTopology.Message("A", "dup"));
        await SendAsync(TestTopology.Events, TestTopology.Message("A", "dup", body: """{"second":true}"""));
        await Transport.CreateSender(TestTopology.Events).SendAsync([TestTopology.Message("B", "dup-in-batch"), TestTopology.Message("B", "dup-in-batch")], default);

        Assert.Equal(["dup", "dup-in-batch"], await DrainIdsAsync(Receiver(TestTopology.Events, TestTopology.All)));
    }

    [SkippableFact]
    public async Task when_the_same_message_id_is_sent_by_many_senders_at_once_then_it_is_delivered_once()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            (i % 2 == 0 ? Transport : CreatePeerTransport()).CreateSender(TestTopology.Commands)
                .SendAsync([TestTopology.Message(messageId: "raced", body: $$"""{"sender":{{i}}}""")], default)));

        Assert.Equal(["raced"], await DrainIdsAsync(Receiver(TestTopology.Commands)));
    }

    [SkippableFact]
    public async Task when_the_same_message_id_is_sent_to_two_topics_then_each_topic_delivers_it()
    {
        await SendAsync(TestTopology.Events, TestTopology.Message("A", "shared"));
        await SendAsync(TestTopology.Commands, TestTopology.Message("A", "shared"));

        Assert.Equal(["shared"], await DrainIdsAsync(Receiver(TestTopology.Events, TestTopology.All)));
        Assert.Equal(["shared"], await DrainIdsAsync(Receiver(TestTopology.Commands, TestTopology.All)));
    }

    [SkippableFact]
    public async Task when_the_duplicate_detection_window_has_passed_then_the_same_message_id_is_accepted_again()
    {
        await SendAsync(TestTopology.ShortDedupe, TestTopology.Message(messageId: "once-per-window"));
        await Eventually.PassedAsync(DateTimeOffset.UtcNow + Topology.GetTopic(TestTopology.ShortDedupe).DuplicateDetectionHistoryTimeWindow);
        await SendAsync(TestTopology.ShortDedupe, TestTopology.Message(messageId: "once-per-window"));

        Assert.Equal(["once-per-window", "once-per-window"], await DrainIdsAsync(Receiver(TestTopology.ShortDedupe)));
    }

    [SkippableFact]
    public async Task when_many_receivers_compete_then_each_message_is_delivered_to_exactly_one_of_them()
    {
        const int count = 120;
        var sender = Transport.CreateSender(TestTopology.Commands);
        for (var batch = 0; batch < count; batch += 20)
        {
            await sender.SendAsync(Enumerable.Range(batch, 20).Select(i => TestTopology.Message(messageId: $"m{i}")).ToList(), default);
        }

        var received = new System.Collections.Concurrent.ConcurrentBag<string>();
        var receivers = Enumerable.Range(0, 6).Select(async i =>
        {
            var receiver = (i % 2 == 0 ? Transport : CreatePeerTransport()).CreateReceiver(TestTopology.Commands, TestTopology.All);
            while (await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(500), default) is { } message)
            {
                received.Add(message.Message.MessageId);
                await receiver.CompleteAsync(message, default);
            }
        });
        await Task.WhenAll(receivers);

        Assert.Equal(count, received.Count);
        Assert.Equal(count, received.Distinct().Count());
    }

    [SkippableFact]
    public async Task when_a_batch_holds_an_invalid_message_then_nothing_of_it_is_sent()
    {
        var batch = new[] { TestTopology.Message(messageId: "valid"), TestTopology.Message(messageId: "") };

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Transport.CreateSender(TestTopology.Commands).SendAsync(batch, default));
        Assert.Null(await Receiver(TestTopology.Commands).ReceiveAsync(TimeSpan.FromMilliseconds(200), default));
    }

    [SkippableFact]
    public async Task when_sending_to_a_topic_that_does_not_exist_then_it_fails_with_a_clear_error()
    {
        await Assert.ThrowsAsync<MessagingEntityNotFoundException>(() => Transport.CreateSender("test/missing").SendAsync([TestTopology.Message()], default));
        await Assert.ThrowsAsync<MessagingEntityNotFoundException>(() => Transport.CreateReceiver(TestTopology.Commands, "missing").ReceiveAsync(TimeSpan.FromMilliseconds(10), default));
    }

    [SkippableFact]
    public async Task when_the_topology_is_ensured_again_then_pending_messages_survive()
    {
        await SendAsync(TestTopology.Commands, TestTopology.Message(messageId: "kept"));
        await CreatePeerTransport().Topology.EnsureTopologyAsync(Topology, default);

        Assert.Equal(["kept"], await DrainIdsAsync(Receiver(TestTopology.Commands)));
    }

    [SkippableFact]
    public async Task when_a_receiver_is_waiting_then_a_send_from_another_sender_wakes_it()
    {
        var receiver = Receiver(TestTopology.Commands);
        var waiting = receiver.ReceiveAsync(TimeSpan.FromSeconds(20), default);

        // A head start, not a wait for an outcome: however long it takes, the receive must return the message.
        await Task.Delay(200);
        await CreatePeerTransport().CreateSender(TestTopology.Commands).SendAsync([TestTopology.Message(messageId: "wake")], default);

        var message = await waiting;
        Assert.Equal("wake", message?.Message.MessageId);
    }

    protected IMessageReceiver Receiver(string topic, string subscription = TestTopology.All) => Transport.CreateReceiver(topic, subscription);

    protected Task SendAsync(string topic, TransportMessage message) => Transport.CreateSender(topic).SendAsync([message], default);

    /// <summary>Receives and completes until the subscription is empty; returns the ids in arrival order.</summary>
    protected static async Task<List<string>> DrainIdsAsync(IMessageReceiver receiver)
    {
        var ids = new List<string>();
        while (await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(300), default) is { } message)
        {
            ids.Add(message.Message.MessageId);
            await receiver.CompleteAsync(message, default);
        }

        return ids;
    }
}
