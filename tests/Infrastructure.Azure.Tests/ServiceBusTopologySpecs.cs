using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using Infrastructure.Azure.Messaging;
using Infrastructure.Messaging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Infrastructure.Azure.Tests;

public sealed class ServiceBusTopologySpecs
{
    private static readonly SubscriptionSettings Availability = new("SeatsAvailability", SubscriptionFilter.In("Registration.OrderPlaced", "Registration.OrderUpdated"))
    {
        RequiresSession = true,
        LockDuration = TimeSpan.FromMinutes(1),
        MaxDeliveryCount = 5,
    };

    private static readonly MessagingTopology Topology = new(
    [
        new TopicSettings("conference/events", [Availability, new SubscriptionSettings("log", SubscriptionFilter.All)])
        {
            DuplicateDetectionHistoryTimeWindow = TimeSpan.FromMinutes(10),
        },
    ]);

    private readonly RecordingAdministrationClient admin = new();
    private readonly RecordingServiceBusClient client = new();

    [Fact]
    public void when_a_topic_is_mapped_then_it_has_duplicate_detection_with_its_window()
    {
        var options = ServiceBusTopology.TopicOptions(Topology.Topics[0], "prefix/conference/events");

        Assert.Equal("prefix/conference/events", options.Name);
        Assert.True(options.RequiresDuplicateDetection);
        Assert.Equal(TimeSpan.FromMinutes(10), options.DuplicateDetectionHistoryTimeWindow);
    }

    [Fact]
    public void when_a_subscription_is_mapped_then_it_has_its_lock_delivery_limit_session_and_expiry_dead_lettering()
    {
        var options = ServiceBusTopology.SubscriptionOptions(Availability, "conference/events");

        Assert.Equal(("conference/events", "SeatsAvailability"), (options.TopicName, options.SubscriptionName));
        Assert.Equal(TimeSpan.FromMinutes(1), options.LockDuration);
        Assert.Equal(5, options.MaxDeliveryCount);
        Assert.True(options.RequiresSession);
        Assert.True(options.DeadLetteringOnMessageExpiration);
    }

    [Fact]
    public void when_a_filter_is_mapped_then_the_rule_is_its_type_name_sql_or_a_resubmission_for_this_subscription()
    {
        var rule = ServiceBusTopology.RuleOptions(Availability);

        Assert.Equal(ServiceBusTopology.RuleName, rule.Name);
        Assert.NotEqual("$Default", rule.Name);
        Assert.Equal(
            "(TypeName IN ('Registration.OrderPlaced','Registration.OrderUpdated') AND NOT EXISTS(ResubmittedTo)) OR ResubmittedTo = 'SeatsAvailability'",
            Assert.IsType<SqlRuleFilter>(rule.Filter).SqlExpression);
        Assert.Equal("NOT EXISTS(ResubmittedTo) OR ResubmittedTo = 'log'", ServiceBusTopology.RuleExpression(new SubscriptionSettings("log", SubscriptionFilter.All)));
        Assert.Equal(
            "(TypeName NOT IN ('A') AND NOT EXISTS(ResubmittedTo)) OR ResubmittedTo = 'not-a'",
            ServiceBusTopology.RuleExpression(new SubscriptionSettings("not-a", SubscriptionFilter.NotIn("A"))));
    }

    [Fact]
    public async Task given_an_empty_namespace_when_ensured_then_every_topic_and_subscription_is_created_with_its_rule()
    {
        await Initializer().EnsureTopologyAsync(Topology, default);

        Assert.Equal(
        [
            "CreateTopic conference/events dedupe=True window=00:10:00",
            $"CreateSubscription conference/events/SeatsAvailability rule {ServiceBusTopology.RuleName}: {ServiceBusTopology.RuleExpression(Availability)}",
            $"CreateSubscription conference/events/log rule {ServiceBusTopology.RuleName}: NOT EXISTS(ResubmittedTo) OR ResubmittedTo = 'log'",
        ],
        admin.Changes);
    }

    [Fact]
    public async Task given_the_topology_in_place_when_ensured_again_then_nothing_changes()
    {
        await Initializer().EnsureTopologyAsync(Topology, default);
        admin.Changes.Clear();

        await Initializer().EnsureTopologyAsync(Topology, default);

        Assert.Empty(admin.Changes);
    }

    [Fact]
    public async Task given_a_subscription_with_the_default_rule_and_other_settings_when_ensured_then_it_is_brought_in_line_and_never_deleted()
    {
        admin.Topics["conference/events"] = RecordingAdministrationClient.Topic("conference/events", true, TimeSpan.FromMinutes(30));
        admin.Subscriptions[("conference/events", "log")] = RecordingAdministrationClient.Subscription("conference/events", "log", TimeSpan.FromSeconds(30), false, true, 10);
        admin.Rules[("conference/events", "log")] = [ServiceBusModelFactory.RuleProperties("$Default", new TrueRuleFilter(), null)];
        admin.Subscriptions[("conference/events", "SeatsAvailability")] = RecordingAdministrationClient.Subscription("conference/events", "SeatsAvailability", TimeSpan.FromSeconds(30), true, true, 10);
        admin.Rules[("conference/events", "SeatsAvailability")] = [ServiceBusModelFactory.RuleProperties(ServiceBusTopology.RuleName, new SqlRuleFilter("TypeName IN ('Old')"), null)];

        await Initializer().EnsureTopologyAsync(Topology, default);

        Assert.Equal(
        [
            "UpdateTopic conference/events window=00:10:00",
            "UpdateSubscription conference/events/SeatsAvailability lock=00:01:00 maxDelivery=5",
            $"UpdateRule conference/events/SeatsAvailability/{ServiceBusTopology.RuleName}: {ServiceBusTopology.RuleExpression(Availability)}",
            $"CreateRule conference/events/log/{ServiceBusTopology.RuleName}: NOT EXISTS(ResubmittedTo) OR ResubmittedTo = 'log'",
            "DeleteRule conference/events/log/$Default",
        ],
        admin.Changes);
        Assert.DoesNotContain(admin.Changes, c => c.StartsWith("DeleteTopic", StringComparison.Ordinal) || c.StartsWith("DeleteSubscription", StringComparison.Ordinal));
    }

    [Fact]
    public async Task given_a_subscription_whose_session_setting_differs_when_ensured_then_start_up_says_it_must_be_recreated()
    {
        await Initializer().EnsureTopologyAsync(Topology, default);
        var notSessions = Topology with { Topics = [Topology.Topics[0] with { Subscriptions = [Availability with { RequiresSession = false }] }] };

        var error = await Assert.ThrowsAsync<InvalidSettingException>(() => Initializer().EnsureTopologyAsync(notSessions, default));

        Assert.Contains("SeatsAvailability", error.Message, StringComparison.Ordinal);
        Assert.Contains("RequiresSession", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_a_topic_without_duplicate_detection_when_ensured_then_start_up_refuses_it()
    {
        admin.Topics["conference/events"] = RecordingAdministrationClient.Topic("conference/events", false, TimeSpan.FromMinutes(10));

        var error = await Assert.ThrowsAsync<InvalidSettingException>(() => Initializer().EnsureTopologyAsync(Topology, default));

        Assert.Contains("duplicate detection", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task when_the_namespace_throttles_the_administration_calls_then_they_are_retried()
    {
        admin.Failures.Enqueue(new ServiceBusException("busy", ServiceBusFailureReason.ServiceBusy));

        await Initializer().EnsureTopologyAsync(Topology, default);

        Assert.Contains("CreateTopic conference/events dedupe=True window=00:10:00", admin.Changes);
    }

    [Fact]
    public async Task given_topology_creation_off_when_entities_are_missing_then_start_up_names_each_of_them()
    {
        client.SenderFault = name => name == "prefix/conference/events" ? null : new ServiceBusException("missing", ServiceBusFailureReason.MessagingEntityNotFound);
        client.CreateReceiver("prefix/conference/events", "log").As<RecordingServiceBusReceiver>().Fault = new ServiceBusException("missing", ServiceBusFailureReason.MessagingEntityNotFound);
        var withOrders = Topology with { Topics = [.. Topology.Topics, new TopicSettings("conference/orders", [new SubscriptionSettings("all", SubscriptionFilter.All)])] };

        var error = await Assert.ThrowsAsync<MessagingEntityNotFoundException>(() => Initializer(createTopology: false, prefix: "prefix/").EnsureTopologyAsync(withOrders, default));

        Assert.Contains("subscription 'prefix/conference/events/subscriptions/log'", error.Message, StringComparison.Ordinal);
        Assert.Contains("topic 'prefix/conference/orders'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SeatsAvailability", error.Message, StringComparison.Ordinal);
        Assert.Contains("CreateTopology", error.Message, StringComparison.Ordinal);
        Assert.Empty(admin.Changes);
    }

    [Fact]
    public async Task given_topology_creation_off_when_every_entity_exists_then_start_up_goes_on_without_changing_anything()
    {
        await Initializer(createTopology: false).EnsureTopologyAsync(Topology, default);

        Assert.Empty(admin.Changes);
        Assert.True(client.Senders.ContainsKey("conference/events"));
        Assert.True(client.Receivers.ContainsKey("conference/events/log"));
    }

    private ServiceBusTopologyInitializer Initializer(bool createTopology = true, string prefix = "") => new(
        admin,
        client,
        new ServiceBusTransportOptions { ConnectionString = "x", CreateTopology = createTopology },
        topic => prefix + topic,
        _ => { },
        ServiceBusFaults.Pipeline(3, TimeSpan.FromMilliseconds(1)),
        NullLogger.Instance);
}

internal static class CastExtensions
{
    public static T As<T>(this object value) where T : class => (T)value;
}
