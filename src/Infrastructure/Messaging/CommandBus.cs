using Infrastructure.Serialization;

namespace Infrastructure.Messaging;

/// <summary>Sends commands to the commands topic; the message id is the command's Id.</summary>
public sealed class CommandBus(IMessageSender sender, IMessageSerializer serializer) : ICommandBus
{
    public Task SendAsync(Envelope<ICommand> command, CancellationToken cancellationToken) =>
        SendAsync([command], cancellationToken);

    public Task SendAsync(IEnumerable<Envelope<ICommand>> commands, CancellationToken cancellationToken)
    {
        var messages = commands.Select(ToTransportMessage).ToList();
        return messages.Count == 0 ? Task.CompletedTask : sender.SendAsync(messages, cancellationToken);
    }

    /// <summary>The commands topic's sender (a store in the transport's database may enqueue in its own transaction through it).</summary>
    public IMessageSender Sender => sender;

    /// <summary>The command as this bus sends it.</summary>
    public TransportMessage ToTransportMessage(Envelope<ICommand> envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var (typeName, body) = serializer.Serialize(envelope.Body);
        return new TransportMessage
        {
            MessageId = envelope.MessageId ?? envelope.Body.Id.ToString(),
            TypeName = typeName,
            Body = body,
            CorrelationId = envelope.CorrelationId,
            PartitionKey = envelope.PartitionKey,
            Delay = envelope.Delay,
            TimeToLive = envelope.TimeToLive,
        };
    }
}
