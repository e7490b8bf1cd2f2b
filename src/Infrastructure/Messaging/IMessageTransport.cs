namespace Infrastructure.Messaging;

/// <summary>Sends to one topic. Every subscription whose filter matches receives its own copy.</summary>
public interface IMessageSender
{
    string Topic { get; }

    /// <summary>Sends atomically: all messages are enqueued or none. A message id seen within the topic's duplicate-detection window is dropped.</summary>
    Task SendAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken);
}

/// <summary>Peek-lock receiver on one subscription. Safe to share between concurrent callers.</summary>
public interface IMessageReceiver
{
    string Topic { get; }

    string Subscription { get; }

    /// <summary>Waits up to <paramref name="maxWait"/> for a message and locks it; null when none arrived.</summary>
    Task<ReceivedMessage?> ReceiveAsync(TimeSpan maxWait, CancellationToken cancellationToken);

    /// <summary>Removes the message. Throws <see cref="MessageLockLostException"/> if the lock expired or moved on.</summary>
    Task CompleteAsync(ReceivedMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Completes the message (as <see cref="CompleteAsync"/> does, or, on a transport that settles in
    /// batches, by queueing its completion: a lost lock is then the transport's to log, and the message is
    /// delivered again) and, where the transport can, locks the next due message of the subscription and
    /// returns it; null when none is due or the transport cannot (then the caller receives as usual).
    /// </summary>
    async Task<ReceivedMessage?> CompleteAndReceiveNextAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        await CompleteAsync(message, cancellationToken);
        return null;
    }

    /// <summary>Releases the lock so the message is delivered again (after <paramref name="retryAfter"/>, if given). At the delivery limit it is dead-lettered instead.</summary>
    Task AbandonAsync(ReceivedMessage message, TimeSpan? retryAfter, CancellationToken cancellationToken);

    Task DeadLetterAsync(ReceivedMessage message, string reason, string? errorDescription, CancellationToken cancellationToken);

    /// <summary>Extends the lock by the subscription's lock duration and returns the new expiry.</summary>
    Task<DateTimeOffset> RenewLockAsync(ReceivedMessage message, CancellationToken cancellationToken);
}

/// <summary>Inspection and repair of dead letters.</summary>
public interface IDeadLetterQueue
{
    Task<IReadOnlyList<DeadLetteredMessage>> ListAsync(string topic, string subscription, int maxCount, CancellationToken cancellationToken);

    /// <summary>Puts a dead letter back on its subscription with a fresh delivery count.</summary>
    Task ResubmitAsync(string topic, string subscription, long sequenceNumber, CancellationToken cancellationToken);
}

/// <summary>Creates topics and subscriptions that are missing and brings existing ones in line with settings.</summary>
public interface IMessagingTopologyInitializer
{
    Task EnsureTopologyAsync(MessagingTopology topology, CancellationToken cancellationToken);
}

/// <summary>Creates senders and receivers for one transport.</summary>
public interface IMessageTransport
{
    IMessageSender CreateSender(string topic);

    IMessageReceiver CreateReceiver(string topic, string subscription);

    IDeadLetterQueue DeadLetters { get; }

    IMessagingTopologyInitializer Topology { get; }
}

public sealed class MessageLockLostException : Exception
{
    public MessageLockLostException()
    {
    }

    public MessageLockLostException(string message) : base(message)
    {
    }

    public MessageLockLostException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

public sealed class MessagingEntityNotFoundException : Exception
{
    public MessagingEntityNotFoundException()
    {
    }

    public MessagingEntityNotFoundException(string message) : base(message)
    {
    }

    public MessagingEntityNotFoundException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
