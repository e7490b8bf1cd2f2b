using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;

namespace Infrastructure.Azure.Tests;

/// <summary>A client whose senders and receivers are the recording fakes below, made once per entity.</summary>
internal sealed class RecordingServiceBusClient : ServiceBusClient
{
    public ConcurrentDictionary<string, RecordingServiceBusSender> Senders { get; } = new();

    /// <summary>Receivers by "topic/subscription", with "/$DeadLetterQueue" for a dead-letter queue.</summary>
    public ConcurrentDictionary<string, RecordingServiceBusReceiver> Receivers { get; } = new();

    /// <summary>Sessions handed out, in order, by <see cref="AcceptNextSessionAsync(string, string, ServiceBusSessionReceiverOptions, CancellationToken)"/>; none left means none has messages.</summary>
    public ConcurrentQueue<RecordingSessionReceiver> Sessions { get; } = new();

    public Func<string, Exception?> SenderFault { get; set; } = _ => null;

    public override ServiceBusSender CreateSender(string queueOrTopicName) =>
        Senders.GetOrAdd(queueOrTopicName, name => new RecordingServiceBusSender(name) { Fault = SenderFault(name) });

    public override ServiceBusReceiver CreateReceiver(string topicName, string subscriptionName) => CreateReceiver(topicName, subscriptionName, new ServiceBusReceiverOptions());

    public override ServiceBusReceiver CreateReceiver(string topicName, string subscriptionName, ServiceBusReceiverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = options.SubQueue == SubQueue.DeadLetter ? $"{topicName}/{subscriptionName}/$DeadLetterQueue" : $"{topicName}/{subscriptionName}";
        var receiver = Receivers.GetOrAdd(key, k => new RecordingServiceBusReceiver(k));
        receiver.Options = options;
        return receiver;
    }

    public override Task<ServiceBusSessionReceiver> AcceptNextSessionAsync(string topicName, string subscriptionName, ServiceBusSessionReceiverOptions? options = null, CancellationToken cancellationToken = default) =>
        Sessions.TryDequeue(out var session)
            ? Task.FromResult<ServiceBusSessionReceiver>(session)
            : throw new ServiceBusException("No session available.", ServiceBusFailureReason.ServiceTimeout);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

internal sealed class RecordingServiceBusSender(string entityPath) : ServiceBusSender
{
    // What each batch holds: the model factory's batch adds to the list it is given.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<ServiceBusMessageBatch, List<ServiceBusMessage>> batches = [];

    /// <summary>What one batch accepts, in body bytes; past it <c>TryAddMessage</c> says no.</summary>
    public long MaxBatchBytes { get; set; } = 256 * 1024;

    public List<IReadOnlyList<ServiceBusMessage>> SentBatches { get; } = [];

    public List<ServiceBusMessage> SentSingly { get; } = [];

    /// <summary>Thrown by the next sends, one each, before anything is recorded.</summary>
    public Queue<Exception> SendFailures { get; } = new();

    /// <summary>Thrown by every operation, as for a topic that does not exist.</summary>
    public Exception? Fault { get; set; }

    public override string EntityPath { get; } = entityPath;

    public override ValueTask<ServiceBusMessageBatch> CreateMessageBatchAsync(CancellationToken cancellationToken = default)
    {
        if (Fault is not null)
        {
            throw Fault;
        }

        var backing = new List<ServiceBusMessage>();
        long size = 0;
        var batch = ServiceBusModelFactory.ServiceBusMessageBatch(
            MaxBatchBytes,
            backing,
            new CreateMessageBatchOptions(),
            message =>
            {
                if (size + message.Body.ToMemory().Length > MaxBatchBytes)
                {
                    return false;
                }

                size += message.Body.ToMemory().Length;
                return true;
            });
        batches.Add(batch, backing);
        return ValueTask.FromResult(batch);
    }

    public override Task SendMessagesAsync(ServiceBusMessageBatch messageBatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageBatch);
        ThrowIfFailing();
        SentBatches.Add(batches.TryGetValue(messageBatch, out var backing) ? [.. backing] : []);
        return Task.CompletedTask;
    }

    public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        SentSingly.Add(message);
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void ThrowIfFailing()
    {
        if (Fault is not null)
        {
            throw Fault;
        }

        if (SendFailures.TryDequeue(out var failure))
        {
            throw failure;
        }
    }
}

internal class RecordingServiceBusReceiver(string entityPath) : ServiceBusReceiver
{
    public ServiceBusReceiverOptions Options { get; set; } = new();

    /// <summary>What the receive calls hand out, in order; empty means the subscription is empty.</summary>
    public ConcurrentQueue<ServiceBusReceivedMessage> Incoming { get; } = new();

    /// <summary>Every settlement and renewal, as "Complete m-1", "Abandon m-1", "DeadLetter m-1 reason", "Renew m-1".</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    public ConcurrentQueue<(ServiceBusReceivedMessage Message, IDictionary<string, object>? Properties, string? Reason, string? Description)> DeadLettered { get; } = new();

    /// <summary>Thrown by the next settlements or renewals, one each.</summary>
    public ConcurrentQueue<Exception> SettleFailures { get; } = new();

    public Exception? Fault { get; set; }

    public override string EntityPath { get; } = entityPath;

    public override Task<ServiceBusReceivedMessage> ReceiveMessageAsync(TimeSpan? maxWaitTime = null, CancellationToken cancellationToken = default)
    {
        ThrowIfFaulted();
        return Task.FromResult(Incoming.TryDequeue(out var message) ? message : null!);
    }

    public override Task<IReadOnlyList<ServiceBusReceivedMessage>> ReceiveMessagesAsync(int maxMessages, TimeSpan? maxWaitTime = null, CancellationToken cancellationToken = default)
    {
        ThrowIfFaulted();
        var batch = new List<ServiceBusReceivedMessage>();
        while (batch.Count < maxMessages && Incoming.TryDequeue(out var message))
        {
            batch.Add(message);
        }

        return Task.FromResult<IReadOnlyList<ServiceBusReceivedMessage>>(batch);
    }

    public override Task<IReadOnlyList<ServiceBusReceivedMessage>> PeekMessagesAsync(int maxMessages, long? fromSequenceNumber = null, CancellationToken cancellationToken = default)
    {
        ThrowIfFaulted();
        return Task.FromResult<IReadOnlyList<ServiceBusReceivedMessage>>(
            Incoming.Where(m => m.SequenceNumber >= (fromSequenceNumber ?? long.MinValue)).OrderBy(m => m.SequenceNumber).Take(maxMessages).ToList());
    }

    public override Task<ServiceBusReceivedMessage> PeekMessageAsync(long? fromSequenceNumber = null, CancellationToken cancellationToken = default)
    {
        ThrowIfFaulted();
        return Task.FromResult(Incoming.Where(m => m.SequenceNumber >= (fromSequenceNumber ?? long.MinValue)).OrderBy(m => m.SequenceNumber).FirstOrDefault()!);
    }

    public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) => Record($"Complete {message.MessageId}");

    public override Task AbandonMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null, CancellationToken cancellationToken = default) =>
        Record($"Abandon {message.MessageId}");

    public override Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object> propertiesToModify, string deadLetterReason, string? deadLetterErrorDescription = null, CancellationToken cancellationToken = default)
    {
        DeadLettered.Enqueue((message, propertiesToModify, deadLetterReason, deadLetterErrorDescription));
        return Record($"DeadLetter {message.MessageId} {deadLetterReason}");
    }

    public override Task RenewMessageLockAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) => Record($"Renew {message.MessageId}");

    public override Task CloseAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected Task Record(string call)
    {
        if (SettleFailures.TryDequeue(out var failure))
        {
            Calls.Enqueue("Failed " + call);
            return Task.FromException(failure);
        }

        Calls.Enqueue(call);
        return Task.CompletedTask;
    }

    private void ThrowIfFaulted()
    {
        if (Fault is not null)
        {
            throw Fault;
        }
    }
}

internal sealed class RecordingSessionReceiver(string sessionId, DateTimeOffset lockedUntil) : ServiceBusSessionReceiver
{
    private DateTimeOffset sessionLockedUntil = lockedUntil;

    public ConcurrentQueue<ServiceBusReceivedMessage> Incoming { get; } = new();

    public ConcurrentQueue<string> Calls { get; } = new();

    public bool Closed { get; private set; }

    public override string SessionId { get; } = sessionId;

    public override DateTimeOffset SessionLockedUntil => sessionLockedUntil;

    public override Task<ServiceBusReceivedMessage> ReceiveMessageAsync(TimeSpan? maxWaitTime = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Incoming.TryDequeue(out var message) ? message : null!);

    public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue($"Complete {message.MessageId}");
        return Task.CompletedTask;
    }

    public override Task RenewSessionLockAsync(CancellationToken cancellationToken = default)
    {
        sessionLockedUntil = sessionLockedUntil.AddSeconds(30);
        Calls.Enqueue("RenewSession");
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        Closed = true;
        return ValueTask.CompletedTask;
    }
}

/// <summary>An in-memory namespace: what exists, and every change asked of it.</summary>
internal sealed class RecordingAdministrationClient : ServiceBusAdministrationClient
{
    public Dictionary<string, TopicProperties> Topics { get; } = [];

    public Dictionary<(string Topic, string Subscription), SubscriptionProperties> Subscriptions { get; } = [];

    public Dictionary<(string Topic, string Subscription), List<RuleProperties>> Rules { get; } = [];

    public List<string> Changes { get; } = [];

    /// <summary>Thrown by the next calls, one each.</summary>
    public Queue<Exception> Failures { get; } = new();

    public override Task<Response<bool>> TopicExistsAsync(string name, CancellationToken cancellationToken = default) => Answer(Topics.ContainsKey(name));

    public override Task<Response<TopicProperties>> CreateTopicAsync(CreateTopicOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Fail();
        Changes.Add($"CreateTopic {options.Name} dedupe={options.RequiresDuplicateDetection} window={options.DuplicateDetectionHistoryTimeWindow}");
        var topic = Topic(options.Name, options.RequiresDuplicateDetection, options.DuplicateDetectionHistoryTimeWindow);
        Topics[options.Name] = topic;
        return Answer(topic);
    }

    public override Task<Response<TopicProperties>> GetTopicAsync(string name, CancellationToken cancellationToken = default) => Answer(Topics[name]);

    public override Task<Response<TopicProperties>> UpdateTopicAsync(TopicProperties topic, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topic);
        Changes.Add($"UpdateTopic {topic.Name} window={topic.DuplicateDetectionHistoryTimeWindow}");
        return Answer(Topics[topic.Name] = topic);
    }

    public override Task<Response<bool>> SubscriptionExistsAsync(string topicName, string subscriptionName, CancellationToken cancellationToken = default) =>
        Answer(Subscriptions.ContainsKey((topicName, subscriptionName)));

    public override Task<Response<SubscriptionProperties>> CreateSubscriptionAsync(CreateSubscriptionOptions options, CreateRuleOptions rule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rule);
        Fail();
        Changes.Add($"CreateSubscription {options.TopicName}/{options.SubscriptionName} rule {rule.Name}: {((SqlRuleFilter)rule.Filter).SqlExpression}");
        var subscription = Subscription(options.TopicName, options.SubscriptionName, options.LockDuration, options.RequiresSession, options.DeadLetteringOnMessageExpiration, options.MaxDeliveryCount);
        Subscriptions[(options.TopicName, options.SubscriptionName)] = subscription;
        Rules[(options.TopicName, options.SubscriptionName)] = [ServiceBusModelFactory.RuleProperties(rule.Name, rule.Filter, rule.Action)];
        return Answer(subscription);
    }

    public override Task<Response<SubscriptionProperties>> GetSubscriptionAsync(string topicName, string subscriptionName, CancellationToken cancellationToken = default) =>
        Answer(Subscriptions[(topicName, subscriptionName)]);

    public override Task<Response<SubscriptionProperties>> UpdateSubscriptionAsync(SubscriptionProperties subscription, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        Changes.Add($"UpdateSubscription {subscription.TopicName}/{subscription.SubscriptionName} lock={subscription.LockDuration} maxDelivery={subscription.MaxDeliveryCount}");
        return Answer(Subscriptions[(subscription.TopicName, subscription.SubscriptionName)] = subscription);
    }

    public override AsyncPageable<RuleProperties> GetRulesAsync(string topicName, string subscriptionName, CancellationToken cancellationToken = default) =>
        AsyncPageable<RuleProperties>.FromPages([Page<RuleProperties>.FromValues(Rules[(topicName, subscriptionName)].ToList(), null, new FakeResponse())]);

    public override Task<Response<RuleProperties>> CreateRuleAsync(string topicName, string subscriptionName, CreateRuleOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Changes.Add($"CreateRule {topicName}/{subscriptionName}/{options.Name}: {((SqlRuleFilter)options.Filter).SqlExpression}");
        var rule = ServiceBusModelFactory.RuleProperties(options.Name, options.Filter, options.Action);
        Rules[(topicName, subscriptionName)].Add(rule);
        return Answer(rule);
    }

    public override Task<Response<RuleProperties>> UpdateRuleAsync(string topicName, string subscriptionName, RuleProperties rule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        Changes.Add($"UpdateRule {topicName}/{subscriptionName}/{rule.Name}: {((SqlRuleFilter)rule.Filter).SqlExpression}");
        return Answer(rule);
    }

    public override Task<Response> DeleteRuleAsync(string topicName, string subscriptionName, string ruleName, CancellationToken cancellationToken = default)
    {
        Changes.Add($"DeleteRule {topicName}/{subscriptionName}/{ruleName}");
        Rules[(topicName, subscriptionName)].RemoveAll(r => r.Name == ruleName);
        return Task.FromResult<Response>(new FakeResponse());
    }

    public override Task<Response> DeleteTopicAsync(string name, CancellationToken cancellationToken = default)
    {
        Changes.Add($"DeleteTopic {name}");
        return Task.FromResult<Response>(new FakeResponse());
    }

    public override Task<Response> DeleteSubscriptionAsync(string topicName, string subscriptionName, CancellationToken cancellationToken = default)
    {
        Changes.Add($"DeleteSubscription {topicName}/{subscriptionName}");
        return Task.FromResult<Response>(new FakeResponse());
    }

    public static TopicProperties Topic(string name, bool requiresDuplicateDetection, TimeSpan window) =>
        ServiceBusModelFactory.TopicProperties(name, 1024, requiresDuplicateDetection, TimeSpan.MaxValue, TimeSpan.MaxValue, window, true, EntityStatus.Active, false, 256);

    public static SubscriptionProperties Subscription(string topic, string name, TimeSpan lockDuration, bool requiresSession, bool deadLetteringOnExpiration, int maxDeliveryCount) =>
        ServiceBusModelFactory.SubscriptionProperties(topic, name, lockDuration, requiresSession, TimeSpan.MaxValue, TimeSpan.MaxValue, deadLetteringOnExpiration, maxDeliveryCount, true, EntityStatus.Active, "", "", "");

    private Task<Response<T>> Answer<T>(T value)
    {
        Fail();
        return Task.FromResult(Response.FromValue(value, new FakeResponse()));
    }

    private void Fail()
    {
        if (Failures.TryDequeue(out var failure))
        {
            throw failure;
        }
    }
}

internal sealed class FakeResponse : Response
{
    public override int Status => 200;

    public override string ReasonPhrase => "OK";

    public override Stream? ContentStream { get; set; }

    public override string ClientRequestId { get; set; } = "";

    public override void Dispose()
    {
    }

    protected override bool ContainsHeader(string name) => false;

    protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];

    protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
    {
        value = null;
        return false;
    }

    protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
    {
        values = null;
        return false;
    }
}

internal static class ServiceBusTestMessages
{
    private static long sequence;

    /// <summary>A locked message as the broker hands it out, made through the SDK's model factory.</summary>
    public static ServiceBusReceivedMessage Received(
        string messageId = "m-1",
        string typeName = "A",
        string body = "{}",
        int deliveryCount = 1,
        DateTimeOffset? lockedUntil = null,
        IDictionary<string, object>? properties = null,
        string? correlationId = null,
        string? sessionId = null,
        TimeSpan? timeToLive = null,
        long? sequenceNumber = null)
    {
        var applicationProperties = new Dictionary<string, object>(properties ?? new Dictionary<string, object>()) { ["TypeName"] = typeName };
        return ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString(body),
            messageId: messageId,
            sessionId: sessionId,
            correlationId: correlationId,
            subject: typeName,
            timeToLive: timeToLive ?? TimeSpan.MaxValue,
            properties: applicationProperties,
            lockTokenGuid: Guid.NewGuid(),
            deliveryCount: deliveryCount,
            lockedUntil: lockedUntil ?? DateTimeOffset.UtcNow.AddSeconds(30),
            sequenceNumber: sequenceNumber ?? Interlocked.Increment(ref sequence),
            enqueuedTime: DateTimeOffset.UtcNow);
    }
}
