namespace Infrastructure.Messaging;

/// <summary>
/// A message body with the metadata the transport needs. Senders fill what they know;
/// receivers get the rest (enqueued time, delivery count) from the transport.
/// </summary>
public sealed record Envelope<T>(T Body)
{
    /// <summary>Identity used for duplicate detection. Commands: their Id; versioned events: derived from source and version.</summary>
    public string? MessageId { get; init; }

    public string? CorrelationId { get; init; }

    /// <summary>Groups related messages (a Service Bus session id); transports may use it to order, consumers never rely on it.</summary>
    public string? PartitionKey { get; init; }

    /// <summary>Deliver no earlier than this long after sending.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Dead-letter (reason "expired") if not consumed within this time.</summary>
    public TimeSpan? TimeToLive { get; init; }

    public DateTimeOffset? EnqueuedTime { get; init; }

    public int DeliveryCount { get; init; }
}

public static class Envelope
{
    public static Envelope<T> Create<T>(T body) => new(body);
}
