using Azure.Messaging.ServiceBus.Administration;
using Infrastructure.Messaging;

namespace Infrastructure.Azure.Messaging;

/// <summary>The Service Bus entities a <see cref="MessagingTopology"/> stands for.</summary>
public static class ServiceBusTopology
{
    /// <summary>The one rule of every subscription; it replaces <c>$Default</c>, which lets everything through.</summary>
    public const string RuleName = "TypeFilter";

    public static CreateTopicOptions TopicOptions(TopicSettings topic, string entityPath)
    {
        ArgumentNullException.ThrowIfNull(topic);
        return new CreateTopicOptions(entityPath)
        {
            RequiresDuplicateDetection = true,
            DuplicateDetectionHistoryTimeWindow = topic.DuplicateDetectionHistoryTimeWindow,
        };
    }

    public static CreateSubscriptionOptions SubscriptionOptions(SubscriptionSettings subscription, string entityPath)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return new CreateSubscriptionOptions(entityPath, subscription.Name)
        {
            LockDuration = subscription.LockDuration,
            MaxDeliveryCount = subscription.MaxDeliveryCount,
            RequiresSession = subscription.RequiresSession,

            // Expired messages are kept for inspection, as every transport does.
            DeadLetteringOnMessageExpiration = true,
        };
    }

    public static CreateRuleOptions RuleOptions(SubscriptionSettings subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return new CreateRuleOptions(RuleName, new SqlRuleFilter(RuleExpression(subscription)));
    }

    /// <summary>
    /// The subscription's filter, for messages sent to the whole topic, or a dead letter resubmitted to
    /// this subscription alone (<see cref="ServiceBusMessageMapper.ResubmittedToProperty"/>).
    /// </summary>
    public static string RuleExpression(SubscriptionSettings subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var resubmitted = $"{ServiceBusMessageMapper.ResubmittedToProperty} = '{subscription.Name}'";
        var unmarked = $"NOT EXISTS({ServiceBusMessageMapper.ResubmittedToProperty})";
        return subscription.Filter.ToSqlExpression() is { } filter
            ? $"({filter} AND {unmarked}) OR {resubmitted}"
            : $"{unmarked} OR {resubmitted}";
    }

    /// <summary>Whether a topic's messages need session ids: any subscription of it requires sessions.</summary>
    public static bool RequiresSession(TopicSettings topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        return topic.Subscriptions.Any(s => s.RequiresSession);
    }
}
