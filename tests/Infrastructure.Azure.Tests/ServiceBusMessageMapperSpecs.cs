using Azure.Messaging.ServiceBus;
using Infrastructure.Azure.Messaging;
using Infrastructure.Messaging;

namespace Infrastructure.Azure.Tests;

public sealed class ServiceBusMessageMapperSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly TransportMessage Envelope = new()
    {
        MessageId = "m-1",
        TypeName = "Registration.OrderPlaced",
        Body = """{"orderId":"o-1"}""",
        CorrelationId = "c-1",
        SourceId = "source-1",
        Version = 7,
        PartitionKey = "conference-1",
    };

    [Fact]
    public void when_an_envelope_is_mapped_then_the_broker_fields_carry_id_correlation_schedule_and_expiry()
    {
        var message = ServiceBusMessageMapper.ToServiceBusMessage(Envelope with { Delay = TimeSpan.FromMinutes(2), TimeToLive = TimeSpan.FromHours(1) }, requiresSession: false, Now);

        Assert.Equal("m-1", message.MessageId);
        Assert.Equal("c-1", message.CorrelationId);
        Assert.Equal("Registration.OrderPlaced", message.Subject);
        Assert.Equal(Now.AddMinutes(2), message.ScheduledEnqueueTime);
        Assert.Equal(TimeSpan.FromHours(1), message.TimeToLive);
        Assert.Equal("""{"orderId":"o-1"}""", message.Body.ToString());
        Assert.Null(message.SessionId);
    }

    [Fact]
    public void when_an_envelope_is_mapped_then_type_name_source_version_and_partition_are_application_properties()
    {
        var properties = ServiceBusMessageMapper.ToServiceBusMessage(Envelope, requiresSession: false, Now).ApplicationProperties;

        Assert.Equal("Registration.OrderPlaced", properties["TypeName"]);
        Assert.Equal("source-1", properties["SourceId"]);
        Assert.Equal(7, properties["Version"]);
        Assert.Equal("conference-1", properties["PartitionKey"]);
    }

    [Fact]
    public void when_an_envelope_has_no_delay_nor_time_to_live_then_neither_is_set()
    {
        var message = ServiceBusMessageMapper.ToServiceBusMessage(Envelope, requiresSession: false, Now);

        Assert.Equal(default, message.ScheduledEnqueueTime);
        Assert.Equal(TimeSpan.MaxValue, message.TimeToLive);
        Assert.False(message.ApplicationProperties.ContainsKey("Delay"));
    }

    [Fact]
    public void given_a_topic_with_a_session_subscription_when_mapped_then_the_session_is_the_partition_key()
    {
        Assert.Equal("conference-1", ServiceBusMessageMapper.ToServiceBusMessage(Envelope, requiresSession: true, Now).SessionId);
    }

    [Fact]
    public void given_no_partition_key_when_a_session_is_needed_then_the_source_and_then_the_message_id_stand_in()
    {
        Assert.Equal("source-1", ServiceBusMessageMapper.SessionIdFor(Envelope with { PartitionKey = null }));
        Assert.Equal("m-1", ServiceBusMessageMapper.SessionIdFor(Envelope with { PartitionKey = null, SourceId = null }));
        Assert.Equal(ServiceBusMessageMapper.MaxIdLength, ServiceBusMessageMapper.SessionIdFor(Envelope with { PartitionKey = new string('p', 200) }).Length);
    }

    [Fact]
    public void when_a_received_message_is_mapped_back_then_the_envelope_is_the_one_sent()
    {
        var sent = ServiceBusMessageMapper.ToServiceBusMessage(Envelope with { TimeToLive = TimeSpan.FromHours(1) }, requiresSession: true, Now);
        var received = ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: sent.Body,
            messageId: sent.MessageId,
            sessionId: sent.SessionId,
            correlationId: sent.CorrelationId,
            subject: sent.Subject,
            timeToLive: sent.TimeToLive,
            properties: sent.ApplicationProperties,
            lockTokenGuid: Guid.NewGuid(),
            deliveryCount: 3,
            lockedUntil: Now.AddSeconds(30),
            sequenceNumber: 42,
            enqueuedTime: Now);

        var mapped = ServiceBusMessageMapper.ToReceivedMessage(received, "conference/events", "log");

        Assert.Equal(Envelope with { TimeToLive = TimeSpan.FromHours(1) }, mapped.Message);
        Assert.Equal(42, mapped.SequenceNumber);
        Assert.Equal(3, mapped.DeliveryCount);
        Assert.Equal(received.LockToken, mapped.LockToken);
        Assert.Equal(Now.AddSeconds(30), mapped.LockedUntil);
        Assert.Equal(Now, mapped.EnqueuedTime);
        Assert.Equal(("conference/events", "log"), (mapped.Topic, mapped.Subscription));
    }

    [Fact]
    public void when_a_message_without_its_own_time_to_live_is_received_then_it_has_none()
    {
        Assert.Null(ServiceBusMessageMapper.ToTransportMessage(ServiceBusTestMessages.Received(timeToLive: TimeSpan.MaxValue)).TimeToLive);
    }

    [Fact]
    public void when_a_dead_letter_is_copied_for_resubmission_then_the_copy_is_marked_for_its_subscription_and_keeps_the_envelope_id()
    {
        var deadLetter = ServiceBusTestMessages.Received(messageId: "m-9", properties: new Dictionary<string, object>
        {
            ["DeadLetterReason"] = "HandlerFailed",
            ["DeadLetterErrorDescription"] = "boom",
            [ServiceBusMessageMapper.DeadLetteredTimeProperty] = Now.UtcDateTime,
        });

        var copy = ServiceBusMessageMapper.ToResubmittedCopy(deadLetter, "log");

        Assert.NotEqual("m-9", copy.MessageId);
        Assert.Equal("log", copy.ApplicationProperties[ServiceBusMessageMapper.ResubmittedToProperty]);
        Assert.Equal("m-9", copy.ApplicationProperties[ServiceBusMessageMapper.EnvelopeMessageIdProperty]);
        Assert.False(copy.ApplicationProperties.ContainsKey("DeadLetterReason"));
        Assert.False(copy.ApplicationProperties.ContainsKey(ServiceBusMessageMapper.DeadLetteredTimeProperty));
        var redelivered = ServiceBusTestMessages.Received(messageId: copy.MessageId, properties: copy.ApplicationProperties);
        Assert.Equal("m-9", ServiceBusMessageMapper.ToTransportMessage(redelivered).MessageId);
    }

    [Fact]
    public void when_the_broker_dead_letters_an_expired_message_then_it_is_listed_as_expired_at_its_expiry()
    {
        var expired = ServiceBusTestMessages.Received(properties: new Dictionary<string, object> { ["DeadLetterReason"] = ServiceBusMessageMapper.BrokerExpiredReason });

        var listed = ServiceBusMessageMapper.ToDeadLetteredMessage(expired, "t", "s");

        Assert.Equal(DeadLetterReasons.Expired, listed.Reason);
        Assert.Equal(expired.ExpiresAt, listed.DeadLetteredTime);
    }

    [Fact]
    public void when_this_transport_dead_letters_a_message_then_it_is_listed_with_its_reason_description_and_time()
    {
        var deadLetter = ServiceBusTestMessages.Received(properties: new Dictionary<string, object>
        {
            ["DeadLetterReason"] = DeadLetterReasons.HandlerFailed,
            ["DeadLetterErrorDescription"] = "boom",
            [ServiceBusMessageMapper.DeadLetteredTimeProperty] = Now.UtcDateTime,
        });

        var listed = ServiceBusMessageMapper.ToDeadLetteredMessage(deadLetter, "t", "s");

        Assert.Equal(DeadLetterReasons.HandlerFailed, listed.Reason);
        Assert.Equal("boom", listed.ErrorDescription);
        Assert.Equal(Now, listed.DeadLetteredTime);
    }

    [Theory]
    [InlineData("")]
    [InlineData("an id far too long for Service Bus, which takes one hundred and twenty-eight characters at most, and this one goes on well past that limit")]
    public void when_a_message_id_is_empty_or_too_long_then_it_is_refused(string messageId)
    {
        Assert.Throws<ArgumentException>(() => ServiceBusMessageMapper.ToServiceBusMessage(Envelope with { MessageId = messageId }, requiresSession: false, Now));
    }
}
