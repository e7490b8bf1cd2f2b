using Azure.Messaging.ServiceBus;
using Infrastructure.Azure.Messaging;
using Infrastructure.Messaging;

namespace Infrastructure.Azure.Tests;

public sealed class ServiceBusDeadLetterQueueSpecs
{
    private const string Topic = "conference/events";
    private readonly RecordingServiceBusClient client = new();
    private readonly ServiceBusDeadLetterQueue queue;

    public ServiceBusDeadLetterQueueSpecs()
    {
        queue = new ServiceBusDeadLetterQueue(client, t => t, t => (RecordingServiceBusSender)client.CreateSender(t), ServiceBusFaults.Pipeline(1, TimeSpan.FromMilliseconds(1)));
    }

    private RecordingServiceBusReceiver DeadLetterQueue => (RecordingServiceBusReceiver)client.CreateReceiver(Topic, "log", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });

    [Fact]
    public async Task when_dead_letters_are_listed_then_they_are_peeked_with_their_reasons_and_nothing_is_locked()
    {
        DeadLetterQueue.Incoming.Enqueue(DeadLetter("a", 1));
        DeadLetterQueue.Incoming.Enqueue(DeadLetter("b", 2));
        DeadLetterQueue.Incoming.Enqueue(DeadLetter("c", 3));

        var listed = await queue.ListAsync(Topic, "log", 2, default);

        Assert.Equal(["a", "b"], listed.Select(d => d.Message.MessageId));
        Assert.All(listed, d => Assert.Equal(DeadLetterReasons.HandlerFailed, d.Reason));
        Assert.Equal(3, DeadLetterQueue.Incoming.Count);
        Assert.Empty(DeadLetterQueue.Calls);
    }

    [Fact]
    public async Task when_a_dead_letter_is_resubmitted_then_a_copy_for_its_subscription_alone_is_sent_before_the_dead_letter_is_completed()
    {
        DeadLetterQueue.Incoming.Enqueue(DeadLetter("a", 1));
        DeadLetterQueue.Incoming.Enqueue(DeadLetter("b", 2));

        await queue.ResubmitAsync(Topic, "log", 2, default);

        var copy = Assert.Single(client.Senders[Topic].SentSingly);
        Assert.Equal("log", copy.ApplicationProperties[ServiceBusMessageMapper.ResubmittedToProperty]);
        Assert.Equal("b", copy.ApplicationProperties[ServiceBusMessageMapper.EnvelopeMessageIdProperty]);
        Assert.Equal(["Complete b", "Abandon a"], DeadLetterQueue.Calls);
    }

    [Fact]
    public async Task when_resubmitting_a_dead_letter_that_is_not_there_then_it_says_so_and_sends_nothing()
    {
        DeadLetterQueue.Incoming.Enqueue(DeadLetter("a", 1));

        await Assert.ThrowsAsync<MessagingEntityNotFoundException>(() => queue.ResubmitAsync(Topic, "log", 99, default));

        Assert.False(client.Senders.ContainsKey(Topic) && client.Senders[Topic].SentSingly.Count > 0);
        Assert.Empty(DeadLetterQueue.Calls);
    }

    private static ServiceBusReceivedMessage DeadLetter(string id, long sequenceNumber) =>
        ServiceBusTestMessages.Received(messageId: id, sequenceNumber: sequenceNumber, properties: new Dictionary<string, object> { ["DeadLetterReason"] = DeadLetterReasons.HandlerFailed });
}
