namespace Infrastructure.Messaging;

/// <summary>A serialized message as a transport sends it: a body plus the metadata every transport carries (ids, type name, source, partition, schedule, time to live).</summary>
public sealed record TransportMessage
{
    public required string MessageId { get; init; }

    public required string TypeName { get; init; }

    public required string Body { get; init; }

    public string? CorrelationId { get; init; }

    public string? SourceId { get; init; }

    public int? Version { get; init; }

    public string? PartitionKey { get; init; }

    public TimeSpan Delay { get; init; }

    public TimeSpan? TimeToLive { get; init; }
}

/// <summary>A message held under a peek-lock by one receiver.</summary>
public sealed record ReceivedMessage
{
    public required TransportMessage Message { get; init; }

    /// <summary>Transport-assigned position, unique within a subscription.</summary>
    public required long SequenceNumber { get; init; }

    public required string LockToken { get; init; }

    public required DateTimeOffset LockedUntil { get; init; }

    public required DateTimeOffset EnqueuedTime { get; init; }

    /// <summary>How many times this message has been handed out, this delivery included.</summary>
    public required int DeliveryCount { get; init; }

    public required string Topic { get; init; }

    public required string Subscription { get; init; }
}

/// <summary>A message moved aside after failing, expiring or being rejected; kept until resubmitted.</summary>
public sealed record DeadLetteredMessage
{
    public required TransportMessage Message { get; init; }

    public required long SequenceNumber { get; init; }

    public required string Topic { get; init; }

    public required string Subscription { get; init; }

    public required string Reason { get; init; }

    public string? ErrorDescription { get; init; }

    public required int DeliveryCount { get; init; }

    public required DateTimeOffset EnqueuedTime { get; init; }

    public required DateTimeOffset DeadLetteredTime { get; init; }
}

/// <summary>Reasons written with dead letters by the transports and the message processor.</summary>
public static class DeadLetterReasons
{
    public const string Expired = "expired";
    public const string MaxDeliveryCountExceeded = "MaxDeliveryCountExceeded";
    public const string UnknownMessageType = "UnknownMessageType";
    public const string DeserializationFailed = "DeserializationFailed";
    public const string NoHandler = "NoHandler";
    public const string HandlerFailed = "HandlerFailed";

    /// <summary>The handler refused the message with a <see cref="BusinessRuleViolationException"/>; retrying cannot change that.</summary>
    public const string BusinessRuleViolation = "BusinessRuleViolation";
}
