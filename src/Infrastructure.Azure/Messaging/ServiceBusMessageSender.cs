using Azure.Messaging.ServiceBus;
using Infrastructure.Messaging;
using Polly;

namespace Infrastructure.Azure.Messaging;

/// <summary>
/// Sends to one topic in a single <see cref="ServiceBusMessageBatch"/>: one broker operation, so the
/// set is enqueued whole or not at all. A set that does not fit one batch fails before anything is
/// sent; callers send what belongs together (one stream's events, one process's commands), well
/// under the batch size.
/// </summary>
public sealed class ServiceBusMessageSender(
    ServiceBusSender sender,
    string topic,
    Func<bool> requiresSession,
    ResiliencePipeline pipeline,
    TimeProvider clock) : IMessageSender
{
    public string Topic { get; } = topic;

    /// <summary>Whether every message gets a session id: the topic has a subscription that requires sessions. Asked at each send, as the topology may be learnt after the sender is made.</summary>
    public bool RequiresSession => requiresSession();

    public async Task SendAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return;
        }

        foreach (var message in messages)
        {
            ServiceBusMessageMapper.Validate(message);
        }

        // Duplicate detection would drop a repeated id anyway; dropping it here keeps the batch small.
        var distinct = messages.DistinctBy(m => m.MessageId, StringComparer.Ordinal).ToList();
        await ServiceBusFaults.RunAsync(
            pipeline,
            $"topic {sender.EntityPath}",
            async token =>
            {
                // A fresh batch on each attempt: a batch is spent once sent, and the schedule is taken from now.
                var now = clock.GetUtcNow();
                var withSession = RequiresSession;
                using var batch = await sender.CreateMessageBatchAsync(token);
                foreach (var message in distinct)
                {
                    if (!batch.TryAddMessage(ServiceBusMessageMapper.ToServiceBusMessage(message, withSession, now)))
                    {
                        throw new ArgumentException(
                            $"{distinct.Count} messages for topic '{Topic}' do not fit one batch of {batch.MaxSizeInBytes} bytes (message {message.MessageId} overflowed it); nothing was sent.",
                            nameof(messages));
                    }
                }

                await sender.SendMessagesAsync(batch, token);
            },
            cancellationToken);
    }
}
