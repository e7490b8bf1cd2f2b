using Azure.Messaging.ServiceBus;
using Infrastructure.Azure.Messaging;
using Infrastructure.Messaging;
using Infrastructure.Serialization;
using Microsoft.Extensions.Logging.Abstractions;

namespace Infrastructure.Azure.Tests;

public sealed class ServiceBusMessageReceiverSpecs : IAsyncLifetime
{
    private const string Topic = "conference/commands";
    private const string Subscription = "all";
    private readonly RecordingServiceBusClient client = new();
    private ServiceBusMessageReceiver receiver = null!;

    private RecordingServiceBusReceiver Broker => client.Receivers[$"{Topic}/{Subscription}"];

    public Task InitializeAsync()
    {
        receiver = Create(new ServiceBusTransportOptions { ConnectionString = "x", PrefetchCount = 16, MaxAutoLockRenewalDuration = TimeSpan.Zero });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public void when_made_then_it_receives_in_peek_lock_mode_with_the_prefetch_of_the_options()
    {
        Assert.Equal(ServiceBusReceiveMode.PeekLock, Broker.Options.ReceiveMode);
        Assert.Equal(16, Broker.Options.PrefetchCount);
    }

    [Fact]
    public async Task when_the_handler_succeeds_then_the_message_is_completed()
    {
        await ProcessAsync(_ => Task.CompletedTask);

        Assert.Equal(["Complete m-1"], Broker.Calls);
    }

    [Fact]
    public async Task when_the_handler_fails_before_its_last_delivery_then_the_message_is_abandoned_after_the_back_off()
    {
        await ProcessAsync(_ => throw new InvalidOperationException("transient trouble"), deliveryCount: 1);

        await Eventually.UntilAsync(() => Broker.Calls.Contains("Abandon m-1"), "the abandon after the back-off");
        Assert.Equal(["Abandon m-1"], Broker.Calls);
    }

    [Fact]
    public async Task when_the_handler_fails_on_its_last_delivery_then_the_message_is_dead_lettered_with_the_exception()
    {
        await ProcessAsync(_ => throw new InvalidOperationException("still broken"), deliveryCount: 10);

        Assert.Equal([$"DeadLetter m-1 {DeadLetterReasons.HandlerFailed}"], Broker.Calls);
        var (_, properties, _, description) = Assert.Single(Broker.DeadLettered);
        Assert.Contains("still broken", description, StringComparison.Ordinal);
        Assert.IsType<DateTime>(properties![ServiceBusMessageMapper.DeadLetteredTimeProperty]);
    }

    public static TheoryData<string, string> NeverHandled => new()
    {
        { nameof(BusinessRuleViolationException), DeadLetterReasons.BusinessRuleViolation },
        { nameof(UnknownMessageTypeException), DeadLetterReasons.UnknownMessageType },
        { nameof(MessageDeserializationException), DeadLetterReasons.DeserializationFailed },
        { nameof(NoHandlerException), DeadLetterReasons.NoHandler },
    };

    [Theory]
    [MemberData(nameof(NeverHandled))]
    public async Task when_the_message_can_never_be_handled_then_it_is_dead_lettered_at_once_with_the_reason(string exception, string reason)
    {
        Exception error = exception switch
        {
            nameof(BusinessRuleViolationException) => new BusinessRuleViolationException("sold out"),
            nameof(UnknownMessageTypeException) => new UnknownMessageTypeException("X"),
            nameof(MessageDeserializationException) => new MessageDeserializationException("bad json"),
            _ => new NoHandlerException("none"),
        };

        await ProcessAsync(_ => throw error, deliveryCount: 1);

        Assert.Equal([$"DeadLetter m-1 {reason}"], Broker.Calls);
    }

    [Fact]
    public async Task when_the_handler_defers_then_the_message_is_held_and_abandoned_after_the_delay()
    {
        await ProcessAsync(_ => throw new MessageDeferredException("not yet", TimeSpan.FromSeconds(2)));

        Assert.Empty(Broker.Calls);
        await Eventually.UntilAsync(() => Broker.Calls.Contains("Abandon m-1"), "the abandon after the deferral");
    }

    [Fact]
    public async Task when_abandoned_with_a_delay_longer_than_the_lock_then_the_lock_is_renewed_before_the_abandon()
    {
        // Seconds apart, so that a busy machine cannot blur the order the assertions check.
        Broker.Incoming.Enqueue(ServiceBusTestMessages.Received(lockedUntil: DateTimeOffset.UtcNow.AddSeconds(3)));
        var message = await receiver.ReceiveAsync(TimeSpan.Zero, default);

        await receiver.AbandonAsync(message!, TimeSpan.FromSeconds(4), default);

        Assert.Empty(Broker.Calls);
        await Eventually.UntilAsync(() => Broker.Calls.Contains("Abandon m-1"), "the delayed abandon");
        Assert.Equal(["Renew m-1", "Abandon m-1"], Broker.Calls);
    }

    [Fact]
    public async Task when_abandoned_with_a_delay_after_the_lock_expired_then_it_fails_with_lock_lost()
    {
        Broker.Incoming.Enqueue(ServiceBusTestMessages.Received(lockedUntil: DateTimeOffset.UtcNow.AddSeconds(-1)));
        var message = await receiver.ReceiveAsync(TimeSpan.Zero, default);

        await Assert.ThrowsAsync<MessageLockLostException>(() => receiver.AbandonAsync(message!, TimeSpan.FromSeconds(1), default));
        Assert.Empty(Broker.Calls);
    }

    [Fact]
    public async Task when_the_receiver_is_disposed_then_a_delayed_abandon_happens_at_once()
    {
        Broker.Incoming.Enqueue(ServiceBusTestMessages.Received());
        var message = await receiver.ReceiveAsync(TimeSpan.Zero, default);
        await receiver.AbandonAsync(message!, TimeSpan.FromMinutes(10), default);

        await receiver.DisposeAsync();

        Assert.Equal(["Abandon m-1"], Broker.Calls);
    }

    [Fact]
    public async Task given_a_slow_handler_when_its_lock_nears_expiry_then_the_lock_is_renewed_while_it_runs()
    {
        await using var renewing = Create(new ServiceBusTransportOptions { ConnectionString = "x", MaxAutoLockRenewalDuration = TimeSpan.FromMinutes(1) });
        Broker.Incoming.Enqueue(ServiceBusTestMessages.Received(lockedUntil: DateTimeOffset.UtcNow.AddMilliseconds(600)));
        var message = await renewing.ReceiveAsync(TimeSpan.Zero, default);

        await Processor(renewing, async _ => await Eventually.UntilAsync(() => Broker.Calls.Contains("Renew m-1"), "a renewal while the handler runs")).ProcessAsync(message!, default);

        Assert.Equal(["Renew m-1", "Complete m-1"], Broker.Calls);
    }

    [Fact]
    public async Task when_the_lock_was_lost_then_settling_fails_with_lock_lost_and_the_message_is_left_to_its_lock()
    {
        Broker.Incoming.Enqueue(ServiceBusTestMessages.Received());
        var message = await receiver.ReceiveAsync(TimeSpan.Zero, default);
        Broker.SettleFailures.Enqueue(new ServiceBusException("lock lost", ServiceBusFailureReason.MessageLockLost));

        await Assert.ThrowsAsync<MessageLockLostException>(() => receiver.CompleteAsync(message!, default));

        // Released on the first attempt: no renewal keeps it, and later settlements say the same.
        await Assert.ThrowsAsync<MessageLockLostException>(() => receiver.RenewLockAsync(message!, default));
        await Assert.ThrowsAsync<MessageLockLostException>(() => receiver.AbandonAsync(message!, null, default));
        Assert.Equal(["Failed Complete m-1"], Broker.Calls);
    }

    [Fact]
    public async Task when_settling_fails_then_the_processor_logs_it_and_does_not_throw()
    {
        Broker.SettleFailures.Enqueue(new ServiceBusException("gone", ServiceBusFailureReason.MessageLockLost));

        await ProcessAsync(_ => Task.CompletedTask);

        Assert.Equal(["Failed Complete m-1"], Broker.Calls);
    }

    [Fact]
    public async Task when_settling_is_throttled_then_it_is_retried()
    {
        Broker.SettleFailures.Enqueue(new ServiceBusException("busy", ServiceBusFailureReason.ServiceBusy));

        await ProcessAsync(_ => Task.CompletedTask);

        Assert.Equal(["Failed Complete m-1", "Complete m-1"], Broker.Calls);
    }

    [Fact]
    public async Task when_the_subscription_does_not_exist_then_receive_fails_with_entity_not_found()
    {
        Broker.Fault = new ServiceBusException("no such subscription", ServiceBusFailureReason.MessagingEntityNotFound);

        await Assert.ThrowsAsync<MessagingEntityNotFoundException>(() => receiver.ReceiveAsync(TimeSpan.Zero, default));
    }

    [Fact]
    public async Task when_dead_lettering_with_a_long_description_then_it_is_cut_to_what_service_bus_keeps()
    {
        Broker.Incoming.Enqueue(ServiceBusTestMessages.Received());
        var message = await receiver.ReceiveAsync(TimeSpan.Zero, default);

        await receiver.DeadLetterAsync(message!, "Rejected", new string('x', 10_000), default);

        Assert.Equal(ServiceBusMessageReceiver.MaxDeadLetterTextLength, Assert.Single(Broker.DeadLettered).Description!.Length);
    }

    [Fact]
    public async Task given_a_session_subscription_when_receiving_then_messages_come_from_the_accepted_session_and_settle_there()
    {
        var session = new RecordingSessionReceiver("conference-1", DateTimeOffset.UtcNow.AddSeconds(30));

        // As a session message may come: its own lock time unset, the session's lock holding it.
        session.Incoming.Enqueue(ServiceBusTestMessages.Received(messageId: "a", sessionId: "conference-1", lockedUntil: default(DateTimeOffset)));
        session.Incoming.Enqueue(ServiceBusTestMessages.Received(messageId: "b", sessionId: "conference-1"));
        client.Sessions.Enqueue(session);
        await using var sessions = Create(new ServiceBusTransportOptions { ConnectionString = "x", MaxAutoLockRenewalDuration = TimeSpan.Zero }, requiresSession: true);

        var first = await sessions.ReceiveAsync(TimeSpan.FromSeconds(1), default);
        var second = await sessions.ReceiveAsync(TimeSpan.FromSeconds(1), default);
        var renewed = await sessions.RenewLockAsync(first!, default);
        await sessions.CompleteAsync(first!, default);
        await sessions.CompleteAsync(second!, default);

        Assert.Equal(["a", "b"], [first!.Message.MessageId, second!.Message.MessageId]);
        Assert.True(first.LockedUntil > DateTimeOffset.UtcNow);
        Assert.Equal(["RenewSession", "Complete a", "Complete b"], session.Calls);
        Assert.Equal(session.SessionLockedUntil, renewed);
        Assert.Null(await sessions.ReceiveAsync(TimeSpan.FromMilliseconds(100), default));
        Assert.True(session.Closed);
    }

    [Fact]
    public async Task given_a_session_subscription_when_a_session_runs_dry_then_the_next_one_is_taken()
    {
        var one = new RecordingSessionReceiver("s-1", DateTimeOffset.UtcNow.AddSeconds(30));
        var two = new RecordingSessionReceiver("s-2", DateTimeOffset.UtcNow.AddSeconds(30));
        one.Incoming.Enqueue(ServiceBusTestMessages.Received(messageId: "a", sessionId: "s-1"));
        two.Incoming.Enqueue(ServiceBusTestMessages.Received(messageId: "b", sessionId: "s-2"));
        client.Sessions.Enqueue(one);
        client.Sessions.Enqueue(two);
        await using var sessions = Create(new ServiceBusTransportOptions { ConnectionString = "x", MaxAutoLockRenewalDuration = TimeSpan.Zero, SessionIdleTimeout = TimeSpan.FromMilliseconds(10) }, requiresSession: true);

        var first = await sessions.ReceiveAsync(TimeSpan.FromSeconds(5), default);
        var second = await sessions.ReceiveAsync(TimeSpan.FromSeconds(5), default);

        Assert.Equal(["a", "b"], [first!.Message.MessageId, second!.Message.MessageId]);
        Assert.False(one.Closed);
        await sessions.CompleteAsync(first, default);
        Assert.True(one.Closed);
    }

    private ServiceBusMessageReceiver Create(ServiceBusTransportOptions options, bool requiresSession = false) =>
        new(client, Topic, Subscription, Topic, requiresSession, options, ServiceBusFaults.Pipeline(3, TimeSpan.FromMilliseconds(1)), TimeProvider.System, NullLogger.Instance);

    private async Task ProcessAsync(Func<ReceivedMessage, Task> handle, int deliveryCount = 1)
    {
        Broker.Incoming.Enqueue(ServiceBusTestMessages.Received(deliveryCount: deliveryCount));
        var message = await receiver.ReceiveAsync(TimeSpan.Zero, default);
        Assert.NotNull(message);
        await Processor(receiver, handle).ProcessAsync(message, default);
    }

    private static MessageProcessor Processor(IMessageReceiver receiver, Func<ReceivedMessage, Task> handle) =>
        new(receiver, new DelegateHandler(handle), new MessageProcessorOptions { MaxDeliveryCount = 10 }, NullLogger<MessageProcessor>.Instance);

    private sealed class DelegateHandler(Func<ReceivedMessage, Task> handle) : IReceivedMessageHandler
    {
        public Task HandleAsync(ReceivedMessage message, CancellationToken cancellationToken) => handle(message);
    }
}
