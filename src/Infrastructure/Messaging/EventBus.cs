using Infrastructure.Serialization;

namespace Infrastructure.Messaging;

/// <summary>Publishes events to one events topic.</summary>
public sealed class EventBus(IMessageSender sender, IMessageSerializer serializer) : IEventBus
{
    public Task PublishAsync(Envelope<IEvent> @event, CancellationToken cancellationToken) =>
        PublishAsync([@event], cancellationToken);

    public Task PublishAsync(IEnumerable<Envelope<IEvent>> events, CancellationToken cancellationToken)
    {
        var messages = events.Select(ToTransportMessage).ToList();
        return messages.Count == 0 ? Task.CompletedTask : sender.SendAsync(messages, cancellationToken);
    }

    private TransportMessage ToTransportMessage(Envelope<IEvent> envelope)
    {
        var (typeName, body) = serializer.Serialize(envelope.Body);
        var version = (envelope.Body as IVersionedEvent)?.Version;
        return new TransportMessage
        {
            MessageId = envelope.MessageId
                ?? (version is { } v ? MessageIds.ForVersionedEvent(typeName, envelope.Body.SourceId, v) : Guid.NewGuid().ToString()),
            TypeName = typeName,
            Body = body,
            CorrelationId = envelope.CorrelationId,
            SourceId = envelope.Body.SourceId.ToString(),
            Version = version,
            PartitionKey = envelope.PartitionKey ?? envelope.Body.SourceId.ToString(),
            Delay = envelope.Delay,
            TimeToLive = envelope.TimeToLive,
        };
    }
}
