using Azure.Messaging.ServiceBus;
using Infrastructure.Azure.Messaging;
using Infrastructure.Messaging;

namespace Infrastructure.Azure.Tests;

public sealed class ServiceBusMessageSenderSpecs
{
    private readonly RecordingServiceBusSender sender = new("conference/events");

    [Fact]
    public async Task when_messages_are_sent_then_they_go_in_one_batch()
    {
        await Sender().SendAsync([TestTopology.Message(messageId: "a"), TestTopology.Message(messageId: "b"), TestTopology.Message(messageId: "c")], default);

        var batch = Assert.Single(sender.SentBatches);
        Assert.Equal(["a", "b", "c"], batch.Select(m => m.MessageId));
    }

    [Fact]
    public async Task when_a_set_does_not_fit_one_batch_then_nothing_is_sent()
    {
        sender.MaxBatchBytes = 1000;
        var messages = Enumerable.Range(0, 3).Select(i => TestTopology.Message(messageId: $"m{i}", body: new string('x', 400))).ToList();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Sender().SendAsync(messages, default));

        Assert.Contains("nothing was sent", error.Message, StringComparison.Ordinal);
        Assert.Empty(sender.SentBatches);
    }

    [Fact]
    public async Task when_a_set_holds_an_invalid_message_then_nothing_is_sent()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Sender().SendAsync([TestTopology.Message(messageId: "ok"), TestTopology.Message(messageId: "")], default));

        Assert.Empty(sender.SentBatches);
    }

    [Fact]
    public async Task when_a_set_repeats_a_message_id_then_the_batch_carries_it_once()
    {
        await Sender().SendAsync([TestTopology.Message(messageId: "dup"), TestTopology.Message(messageId: "dup")], default);

        Assert.Equal(["dup"], Assert.Single(sender.SentBatches).Select(m => m.MessageId));
    }

    [Theory]
    [InlineData(ServiceBusFailureReason.ServiceBusy)]
    [InlineData(ServiceBusFailureReason.QuotaExceeded)]
    public async Task when_the_namespace_throttles_then_the_send_is_retried_until_it_goes_through(ServiceBusFailureReason reason)
    {
        sender.SendFailures.Enqueue(new ServiceBusException("throttled", reason));
        sender.SendFailures.Enqueue(new ServiceBusException("throttled", reason));

        await Sender().SendAsync([TestTopology.Message(messageId: "m")], default);

        Assert.Equal(["m"], Assert.Single(sender.SentBatches).Select(m => m.MessageId));
    }

    [Fact]
    public async Task when_a_transient_fault_outlasts_the_retries_then_the_send_fails()
    {
        for (var i = 0; i < 3; i++)
        {
            sender.SendFailures.Enqueue(new ServiceBusException(isTransient: true, "link detached"));
        }

        await Assert.ThrowsAsync<ServiceBusException>(() => Sender(maxRetryAttempts: 2).SendAsync([TestTopology.Message()], default));
        Assert.Empty(sender.SentBatches);
    }

    [Fact]
    public async Task when_the_topic_does_not_exist_then_the_send_fails_with_entity_not_found_at_once()
    {
        sender.SendFailures.Enqueue(new ServiceBusException("no such topic", ServiceBusFailureReason.MessagingEntityNotFound));
        sender.SendFailures.Enqueue(new ServiceBusException("no such topic", ServiceBusFailureReason.MessagingEntityNotFound));

        await Assert.ThrowsAsync<MessagingEntityNotFoundException>(() => Sender().SendAsync([TestTopology.Message()], default));
        Assert.Single(sender.SendFailures);
    }

    [Fact]
    public async Task given_a_topic_with_a_session_subscription_when_sent_then_every_message_has_a_session()
    {
        await Sender(requiresSession: true).SendAsync([TestTopology.Message(messageId: "a") with { PartitionKey = "p-1" }, TestTopology.Message(messageId: "b")], default);

        Assert.Equal(["p-1", "b"], Assert.Single(sender.SentBatches).Select(m => m.SessionId));
    }

    [Fact]
    public async Task given_no_session_subscription_when_sent_then_no_message_has_a_session()
    {
        await Sender().SendAsync([TestTopology.Message() with { PartitionKey = "p-1" }], default);

        Assert.Null(Assert.Single(Assert.Single(sender.SentBatches)).SessionId);
    }

    private ServiceBusMessageSender Sender(bool requiresSession = false, int maxRetryAttempts = 6) =>
        new(sender, "conference/events", () => requiresSession, ServiceBusFaults.Pipeline(maxRetryAttempts, TimeSpan.FromMilliseconds(1)), TimeProvider.System);
}
