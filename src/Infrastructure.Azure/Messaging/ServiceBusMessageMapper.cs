using System.Globalization;
using Azure.Messaging.ServiceBus;
using Infrastructure.Messaging;

namespace Infrastructure.Azure.Messaging;

/// <summary>
/// Envelope ↔ <see cref="ServiceBusMessage"/>. Broker fields carry what the broker acts on (id for
/// duplicate detection, session, schedule, expiry); application properties carry the rest, and
/// <c>TypeName</c> is the one the subscription rules filter on.
/// </summary>
public static class ServiceBusMessageMapper
{
    public const string TypeNameProperty = "TypeName";
    public const string SourceIdProperty = "SourceId";
    public const string VersionProperty = "Version";
    public const string PartitionKeyProperty = "PartitionKey";

    /// <summary>On a resubmitted copy: the subscription it is for; the rules let it through that one only.</summary>
    public const string ResubmittedToProperty = "ResubmittedTo";

    /// <summary>On a resubmitted copy: the envelope's own id, since the copy needs a fresh broker id to pass duplicate detection.</summary>
    public const string EnvelopeMessageIdProperty = "EnvelopeMessageId";

    /// <summary>Stamped when this transport dead-letters; the broker records no such time itself.</summary>
    public const string DeadLetteredTimeProperty = "DeadLetteredTime";

    /// <summary>The reason the broker gives a message that expired in a subscription with dead-lettering on expiry.</summary>
    public const string BrokerExpiredReason = "TTLExpiredException";

    /// <summary>Service Bus limits message ids (and session ids) to 128 characters.</summary>
    public const int MaxIdLength = 128;

    public static ServiceBusMessage ToServiceBusMessage(TransportMessage message, bool requiresSession, DateTimeOffset now)
    {
        Validate(message);
        var result = new ServiceBusMessage(BinaryData.FromString(message.Body))
        {
            MessageId = message.MessageId,
            CorrelationId = message.CorrelationId,
            Subject = message.TypeName,
            ContentType = "application/json",
            SessionId = requiresSession ? SessionIdFor(message) : null,
        };
        result.ApplicationProperties[TypeNameProperty] = message.TypeName;
        SetIfPresent(result, SourceIdProperty, message.SourceId);
        SetIfPresent(result, PartitionKeyProperty, message.PartitionKey);
        if (message.Version is { } version)
        {
            result.ApplicationProperties[VersionProperty] = version;
        }

        if (message.Delay > TimeSpan.Zero)
        {
            result.ScheduledEnqueueTime = now + message.Delay;
        }

        if (message.TimeToLive is { } timeToLive)
        {
            result.TimeToLive = timeToLive;
        }

        return result;
    }

    /// <summary>
    /// The session a message joins on a topic where some subscription requires sessions: its partition
    /// key (the aggregate or conference it concerns), else its source, else its own id. Sessions only
    /// order delivery; nothing depends on that order.
    /// </summary>
    public static string SessionIdFor(TransportMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = !string.IsNullOrEmpty(message.PartitionKey) ? message.PartitionKey
            : !string.IsNullOrEmpty(message.SourceId) ? message.SourceId
            : message.MessageId;
        return id.Length <= MaxIdLength ? id : id[..MaxIdLength];
    }

    public static TransportMessage ToTransportMessage(ServiceBusReceivedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var properties = message.ApplicationProperties;
        return new TransportMessage
        {
            MessageId = GetString(properties, EnvelopeMessageIdProperty) ?? message.MessageId,
            TypeName = GetString(properties, TypeNameProperty) ?? message.Subject ?? "",
            Body = message.Body.ToString(),
            CorrelationId = message.CorrelationId,
            SourceId = GetString(properties, SourceIdProperty),
            Version = properties.TryGetValue(VersionProperty, out var version) && version is not null ? Convert.ToInt32(version, CultureInfo.InvariantCulture) : null,
            PartitionKey = GetString(properties, PartitionKeyProperty),

            // Without a time to live of its own a message gets the entity's default, which this transport leaves at "forever".
            TimeToLive = message.TimeToLive < TimeSpan.MaxValue && message.TimeToLive > TimeSpan.Zero ? message.TimeToLive : null,
        };
    }

    public static ReceivedMessage ToReceivedMessage(ServiceBusReceivedMessage message, string topic, string subscription) => new()
    {
        Message = ToTransportMessage(message),
        SequenceNumber = message.SequenceNumber,
        LockToken = message.LockToken,
        LockedUntil = message.LockedUntil,
        EnqueuedTime = message.EnqueuedTime,
        DeliveryCount = message.DeliveryCount,
        Topic = topic,
        Subscription = subscription,
    };

    public static DeadLetteredMessage ToDeadLetteredMessage(ServiceBusReceivedMessage message, string topic, string subscription)
    {
        ArgumentNullException.ThrowIfNull(message);
        var reason = message.DeadLetterReason ?? "";
        var expired = reason == BrokerExpiredReason;
        var deadLetteredTime = message.ApplicationProperties.TryGetValue(DeadLetteredTimeProperty, out var stamped) && stamped is DateTimeOffset time ? time
            : stamped is DateTime utc ? new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))

            // Moved by the broker: an expired message at its expiry, any other at the latest moment known.
            : expired ? message.ExpiresAt
            : message.EnqueuedTime;
        return new DeadLetteredMessage
        {
            Message = ToTransportMessage(message),
            SequenceNumber = message.SequenceNumber,
            Topic = topic,
            Subscription = subscription,
            Reason = expired ? DeadLetterReasons.Expired : reason,
            ErrorDescription = message.DeadLetterErrorDescription,
            DeliveryCount = message.DeliveryCount,
            EnqueuedTime = message.EnqueuedTime,
            DeadLetteredTime = deadLetteredTime,
        };
    }

    /// <summary>
    /// The copy of a dead letter that goes back to <paramref name="subscription"/> alone: a topic delivers
    /// to all its subscriptions, so the copy is marked for one, under a fresh broker id.
    /// </summary>
    public static ServiceBusMessage ToResubmittedCopy(ServiceBusReceivedMessage deadLetter, string subscription)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        var copy = new ServiceBusMessage(deadLetter)
        {
            MessageId = Guid.NewGuid().ToString("N"),
        };
        copy.ApplicationProperties[EnvelopeMessageIdProperty] = GetString(deadLetter.ApplicationProperties, EnvelopeMessageIdProperty) ?? deadLetter.MessageId;
        copy.ApplicationProperties[ResubmittedToProperty] = subscription;
        copy.ApplicationProperties.Remove(DeadLetteredTimeProperty);

        // The broker keeps the dead-letter reason as application properties: the copy starts clean.
        copy.ApplicationProperties.Remove("DeadLetterReason");
        copy.ApplicationProperties.Remove("DeadLetterErrorDescription");
        copy.ScheduledEnqueueTime = default;
        return copy;
    }

    /// <summary>Rejects what Service Bus would reject, before anything is sent.</summary>
    public static void Validate(TransportMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrEmpty(message.MessageId) || message.MessageId.Length > MaxIdLength)
        {
            throw new ArgumentException($"A message id must have 1 to {MaxIdLength} characters; got '{message.MessageId}'.", nameof(message));
        }

        if (string.IsNullOrEmpty(message.TypeName))
        {
            throw new ArgumentException($"Message {message.MessageId} has no type name, which the subscription rules filter on.", nameof(message));
        }

        if (message.Delay < TimeSpan.Zero || message.TimeToLive <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Message {message.MessageId}: the delay cannot be negative and a time to live must be positive.", nameof(message));
        }
    }

    private static void SetIfPresent(ServiceBusMessage message, string name, string? value)
    {
        if (value is not null)
        {
            message.ApplicationProperties[name] = value;
        }
    }

    private static string? GetString(IReadOnlyDictionary<string, object> properties, string name) =>
        properties.TryGetValue(name, out var value) ? value as string : null;
}
