using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using Infrastructure.Messaging;
using Microsoft.Extensions.Logging;
using Polly;

namespace Infrastructure.Azure.Messaging;

/// <summary>
/// Creates what the topology declares and the namespace lacks, brings settings and rules that differ
/// in line, and never deletes a topic or a subscription (only rules of a declared subscription that
/// the topology does not name, such as <c>$Default</c>). Without the Manage right
/// (<see cref="ServiceBusTransportOptions.CreateTopology"/> off) it only checks that every entity
/// exists, through a sender and a peek, and names every one that is missing.
/// </summary>
public sealed partial class ServiceBusTopologyInitializer(
    ServiceBusAdministrationClient? administration,
    ServiceBusClient client,
    ServiceBusTransportOptions options,
    Func<string, string> entityPath,
    Action<MessagingTopology> onEnsured,
    ResiliencePipeline pipeline,
    ILogger logger) : IMessagingTopologyInitializer
{
    public async Task EnsureTopologyAsync(MessagingTopology topology, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topology);
        topology.Validate();
        onEnsured(topology);
        if (!options.CreateTopology)
        {
            await VerifyAsync(topology, cancellationToken);
            return;
        }

        if (administration is null)
        {
            throw new InvalidOperationException("Creating the topology needs an administration client.");
        }

        foreach (var topic in topology.Topics)
        {
            await EnsureTopicAsync(administration, topic, cancellationToken);
            foreach (var subscription in topic.Subscriptions)
            {
                await EnsureSubscriptionAsync(administration, topic, subscription, cancellationToken);
            }
        }
    }

    private async Task EnsureTopicAsync(ServiceBusAdministrationClient admin, TopicSettings topic, CancellationToken cancellationToken)
    {
        var path = entityPath(topic.Path);
        if (!await RunAsync(path, async token => (await admin.TopicExistsAsync(path, token)).Value, cancellationToken))
        {
            try
            {
                await RunAsync(path, async token => await admin.CreateTopicAsync(ServiceBusTopology.TopicOptions(topic, path), token), cancellationToken);
                LogCreated("topic", path);
                return;
            }
            catch (ServiceBusException ex) when (ex.Reason == ServiceBusFailureReason.MessagingEntityAlreadyExists)
            {
                // Another host created it meanwhile: check it like any existing one.
            }
        }

        var properties = await RunAsync(path, async token => (await admin.GetTopicAsync(path, token)).Value, cancellationToken);
        if (!properties.RequiresDuplicateDetection)
        {
            throw new InvalidSettingException(
                $"Topics/Topic[@Path='{topic.Path}']",
                $"topic '{path}' exists without duplicate detection, which Service Bus cannot turn on later: delete it (this transport never does) or give the topology another path.");
        }

        if (properties.DuplicateDetectionHistoryTimeWindow != topic.DuplicateDetectionHistoryTimeWindow)
        {
            properties.DuplicateDetectionHistoryTimeWindow = topic.DuplicateDetectionHistoryTimeWindow;
            await RunAsync(path, async token => await admin.UpdateTopicAsync(properties, token), cancellationToken);
            LogUpdated("topic", path, "DuplicateDetectionHistoryTimeWindow");
        }
    }

    private async Task EnsureSubscriptionAsync(ServiceBusAdministrationClient admin, TopicSettings topic, SubscriptionSettings subscription, CancellationToken cancellationToken)
    {
        var path = entityPath(topic.Path);
        var name = $"{path}/subscriptions/{subscription.Name}";
        if (!await RunAsync(name, async token => (await admin.SubscriptionExistsAsync(path, subscription.Name, token)).Value, cancellationToken))
        {
            try
            {
                // Created with its rule in place of $Default, so it never holds messages its filter refuses.
                await RunAsync(name, async token => await admin.CreateSubscriptionAsync(ServiceBusTopology.SubscriptionOptions(subscription, path), ServiceBusTopology.RuleOptions(subscription), token), cancellationToken);
                LogCreated("subscription", name);
                return;
            }
            catch (ServiceBusException ex) when (ex.Reason == ServiceBusFailureReason.MessagingEntityAlreadyExists)
            {
            }
        }

        var properties = await RunAsync(name, async token => (await admin.GetSubscriptionAsync(path, subscription.Name, token)).Value, cancellationToken);
        if (properties.RequiresSession != subscription.RequiresSession)
        {
            throw new InvalidSettingException(
                $"Topics/Topic[@Path='{topic.Path}']/Subscription[@Name='{subscription.Name}']/@RequiresSession",
                $"subscription '{name}' exists with RequiresSession={properties.RequiresSession}, which Service Bus cannot change: delete it (this transport never does) or rename the subscription.");
        }

        var changed = new List<string>();
        if (properties.LockDuration != subscription.LockDuration)
        {
            properties.LockDuration = subscription.LockDuration;
            changed.Add(nameof(properties.LockDuration));
        }

        if (properties.MaxDeliveryCount != subscription.MaxDeliveryCount)
        {
            properties.MaxDeliveryCount = subscription.MaxDeliveryCount;
            changed.Add(nameof(properties.MaxDeliveryCount));
        }

        if (!properties.DeadLetteringOnMessageExpiration)
        {
            properties.DeadLetteringOnMessageExpiration = true;
            changed.Add(nameof(properties.DeadLetteringOnMessageExpiration));
        }

        if (changed.Count > 0)
        {
            await RunAsync(name, async token => await admin.UpdateSubscriptionAsync(properties, token), cancellationToken);
            LogUpdated("subscription", name, string.Join(", ", changed));
        }

        await EnsureRuleAsync(admin, path, subscription, name, cancellationToken);
    }

    private async Task EnsureRuleAsync(ServiceBusAdministrationClient admin, string path, SubscriptionSettings subscription, string name, CancellationToken cancellationToken)
    {
        var expression = ServiceBusTopology.RuleExpression(subscription);
        var rules = await RunAsync(
            name,
            async token =>
            {
                var list = new List<RuleProperties>();
                await foreach (var rule in admin.GetRulesAsync(path, subscription.Name, token))
                {
                    list.Add(rule);
                }

                return list;
            },
            cancellationToken);

        var ours = rules.FirstOrDefault(r => r.Name == ServiceBusTopology.RuleName);
        if (ours is null)
        {
            // Added before the others go, so the subscription is never left without a rule.
            await RunAsync(name, async token => await admin.CreateRuleAsync(path, subscription.Name, ServiceBusTopology.RuleOptions(subscription), token), cancellationToken);
            LogRuleSet(name, expression);
        }
        else if (ours.Filter is not SqlRuleFilter { SqlExpression: var current } || current != expression || ours.Action is not null)
        {
            ours.Filter = new SqlRuleFilter(expression);
            ours.Action = null;
            await RunAsync(name, async token => await admin.UpdateRuleAsync(path, subscription.Name, ours, token), cancellationToken);
            LogRuleSet(name, expression);
        }

        foreach (var other in rules.Where(r => r.Name != ServiceBusTopology.RuleName))
        {
            await RunAsync(name, async token => await admin.DeleteRuleAsync(path, subscription.Name, other.Name, token), cancellationToken);
            LogRuleRemoved(name, other.Name);
        }
    }

    private async Task VerifyAsync(MessagingTopology topology, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        foreach (var topic in topology.Topics)
        {
            var path = entityPath(topic.Path);
            await using (var sender = client.CreateSender(path))
            {
                // Creating a batch opens the link, which the namespace refuses for a topic it lacks.
                if (!await ExistsAsync(path, async token => (await sender.CreateMessageBatchAsync(token)).Dispose(), cancellationToken))
                {
                    missing.Add($"topic '{path}'");
                    continue;
                }
            }

            foreach (var subscription in topic.Subscriptions)
            {
                var name = $"{path}/subscriptions/{subscription.Name}";
                await using var receiver = client.CreateReceiver(path, subscription.Name);
                if (!await ExistsAsync(name, async token => await receiver.PeekMessageAsync(cancellationToken: token), cancellationToken))
                {
                    missing.Add($"subscription '{name}'");
                }
            }
        }

        if (missing.Count > 0)
        {
            throw new MessagingEntityNotFoundException(
                $"The Service Bus namespace lacks {string.Join(", ", missing)}. {ServiceBusTransportOptions.Section}:{nameof(ServiceBusTransportOptions.CreateTopology)} is off, so start-up does not create them: create them, or turn it on for an identity with the Manage right.");
        }

        LogVerified(topology.Topics.Count);
    }

    private async Task<bool> ExistsAsync(string entity, Func<CancellationToken, Task> probe, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(entity, async token => await probe(token), cancellationToken);
            return true;
        }
        catch (MessagingEntityNotFoundException)
        {
            return false;
        }
    }

    private Task<T> RunAsync<T>(string entity, Func<CancellationToken, ValueTask<T>> operation, CancellationToken cancellationToken) =>
        ServiceBusFaults.RunAsync(pipeline, entity, operation, cancellationToken);

    private Task RunAsync(string entity, Func<CancellationToken, ValueTask> operation, CancellationToken cancellationToken) =>
        ServiceBusFaults.RunAsync(pipeline, entity, operation, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created {Kind} {Entity}")]
    private partial void LogCreated(string kind, string entity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Updated {Kind} {Entity}: {Settings}")]
    private partial void LogUpdated(string kind, string entity, string settings);

    [LoggerMessage(Level = LogLevel.Information, Message = "Set the rule of {Entity} to {Expression}")]
    private partial void LogRuleSet(string entity, string expression);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed rule {Rule} from {Entity}: the topology does not declare it")]
    private partial void LogRuleRemoved(string entity, string rule);

    [LoggerMessage(Level = LogLevel.Information, Message = "All {Count} topics and their subscriptions exist; the topology was not changed (CreateTopology is off)")]
    private partial void LogVerified(int count);
}
