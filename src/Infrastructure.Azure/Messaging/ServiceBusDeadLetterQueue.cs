using Azure.Messaging.ServiceBus;
using Infrastructure.Messaging;
using Polly;

namespace Infrastructure.Azure.Messaging;

/// <summary>
/// A subscription's <c>$DeadLetterQueue</c>: listed by peeking (nothing is locked), resubmitted by
/// receiving the dead letter, sending a copy marked for that subscription alone and completing the
/// dead letter. The copy is sent first: a failure in between leaves a duplicate, never a loss.
/// </summary>
public sealed class ServiceBusDeadLetterQueue(ServiceBusClient client, Func<string, string> entityPath, Func<string, ServiceBusSender> senderFor, ResiliencePipeline pipeline) : IDeadLetterQueue
{
    /// <summary>How many dead letters one receive call locks while looking for the one to resubmit.</summary>
    private const int ReceiveBatch = 50;

    public async Task<IReadOnlyList<DeadLetteredMessage>> ListAsync(string topic, string subscription, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        var entity = $"{entityPath(topic)}/subscriptions/{subscription}/$DeadLetterQueue";
        await using var receiver = client.CreateReceiver(entityPath(topic), subscription, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var result = new List<DeadLetteredMessage>();
        long? from = null;
        while (result.Count < maxCount)
        {
            var page = await ServiceBusFaults.RunAsync(pipeline, entity, async token => await receiver.PeekMessagesAsync(maxCount - result.Count, from, token), cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            result.AddRange(page.Select(m => ServiceBusMessageMapper.ToDeadLetteredMessage(m, topic, subscription)));
            from = page[^1].SequenceNumber + 1;
        }

        return result;
    }

    public async Task ResubmitAsync(string topic, string subscription, long sequenceNumber, CancellationToken cancellationToken)
    {
        var entity = $"{entityPath(topic)}/subscriptions/{subscription}/$DeadLetterQueue";
        await using var receiver = client.CreateReceiver(entityPath(topic), subscription, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });

        // Peek first: a sequence number that is not there is answered without locking anything.
        var peeked = await ServiceBusFaults.RunAsync(pipeline, entity, async token => await receiver.PeekMessageAsync(sequenceNumber, token), cancellationToken);
        if (peeked is null || peeked.SequenceNumber != sequenceNumber)
        {
            throw new MessagingEntityNotFoundException($"No dead letter {sequenceNumber} in '{entity}'.");
        }

        // Dead letters cannot be received by sequence number: lock them in order until it comes, giving the others back.
        var others = new List<ServiceBusReceivedMessage>();
        try
        {
            while (true)
            {
                var batch = await ServiceBusFaults.RunAsync(pipeline, entity, async token => await receiver.ReceiveMessagesAsync(ReceiveBatch, TimeSpan.FromSeconds(2), token), cancellationToken);
                if (batch.Count == 0)
                {
                    throw new MessagingEntityNotFoundException($"Dead letter {sequenceNumber} in '{entity}' was taken by another receiver or resubmitted meanwhile.");
                }

                var match = batch.FirstOrDefault(m => m.SequenceNumber == sequenceNumber);
                others.AddRange(batch.Where(m => m != match));
                if (match is null)
                {
                    if (batch.Any(m => m.SequenceNumber > sequenceNumber))
                    {
                        throw new MessagingEntityNotFoundException($"Dead letter {sequenceNumber} in '{entity}' is locked by another receiver; try again once its lock expires.");
                    }

                    continue;
                }

                var copy = ServiceBusMessageMapper.ToResubmittedCopy(match, subscription);
                var sender = senderFor(topic);
                await ServiceBusFaults.RunAsync(pipeline, entityPath(topic), async token => await sender.SendMessageAsync(copy, token), cancellationToken);
                await ServiceBusFaults.RunAsync(pipeline, entity, async token => await receiver.CompleteMessageAsync(match, token), cancellationToken);
                return;
            }
        }
        finally
        {
            foreach (var other in others)
            {
                try
                {
                    await receiver.AbandonMessageAsync(other, null, CancellationToken.None);
                }
                catch (ServiceBusException)
                {
                    // Its lock expires shortly; a dead letter has no delivery limit to run into.
                }
            }
        }
    }
}
