using Infrastructure.Messaging;

namespace Infrastructure.MessageLog;

/// <summary>Feeds the message log from a topic's <c>log</c> subscription; stores the raw body, so it never needs the types.</summary>
public sealed class MessageLogWriter(IMessageLog log, MessagingTopology topology) : IReceivedMessageHandler
{
    public Task HandleAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return log.SaveAsync(
            new MessageLogEntry
            {
                MessageId = message.Message.MessageId,
                Topic = message.Topic,
                Kind = MessageLogEntry.KindOf(topology, message.Topic, message.Message.Version),
                TypeName = message.Message.TypeName,
                SourceId = message.Message.SourceId,
                Version = message.Message.Version,
                CorrelationId = message.Message.CorrelationId,
                EnqueuedTime = message.EnqueuedTime,
                Payload = message.Message.Body,
            },
            cancellationToken);
    }
}
