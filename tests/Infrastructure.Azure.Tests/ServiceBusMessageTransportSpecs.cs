using Infrastructure.Azure.Messaging;
using Infrastructure.Messaging;

namespace Infrastructure.Azure.Tests;

public sealed class ServiceBusMessageTransportSpecs
{
    private static readonly MessagingTopology Topology = new(
    [
        new TopicSettings("conference/events", [new SubscriptionSettings("SeatsAvailability", SubscriptionFilter.All) { RequiresSession = true }, new SubscriptionSettings("log", SubscriptionFilter.All)]),
        new TopicSettings("conference/commands", [new SubscriptionSettings("all", SubscriptionFilter.All)]),
    ]);

    private readonly RecordingServiceBusClient client = new();

    [Fact]
    public async Task given_a_topic_with_a_session_subscription_then_its_sender_sets_sessions_and_only_that_subscription_receives_by_session()
    {
        await using var transport = new ServiceBusMessageTransport(client, new RecordingAdministrationClient(), Options(), Topology);

        Assert.True(((ServiceBusMessageSender)transport.CreateSender("conference/events")).RequiresSession);
        Assert.False(((ServiceBusMessageSender)transport.CreateSender("conference/commands")).RequiresSession);
        Assert.True(((ServiceBusMessageReceiver)transport.CreateReceiver("conference/events", "SeatsAvailability")).RequiresSession);
        Assert.False(((ServiceBusMessageReceiver)transport.CreateReceiver("conference/events", "log")).RequiresSession);
    }

    [Fact]
    public async Task given_a_transport_made_before_the_topology_was_known_when_it_is_ensured_then_senders_made_earlier_learn_it()
    {
        await using var transport = new ServiceBusMessageTransport(client, new RecordingAdministrationClient(), Options());
        var sender = (ServiceBusMessageSender)transport.CreateSender("conference/events");
        Assert.False(sender.RequiresSession);

        await transport.Topology.EnsureTopologyAsync(Topology, default);

        Assert.True(sender.RequiresSession);
    }

    [Fact]
    public async Task given_an_entity_prefix_then_senders_and_receivers_use_prefixed_paths_and_keep_the_topology_names()
    {
        await using var transport = new ServiceBusMessageTransport(client, new RecordingAdministrationClient(), Options() with { EntityPathPrefix = "staging/" }, Topology);

        var receiver = transport.CreateReceiver("conference/commands", "all");
        await transport.CreateSender("conference/commands").SendAsync([TestTopology.Message(messageId: "m")], default);

        Assert.Equal(("conference/commands", "all"), (receiver.Topic, receiver.Subscription));
        Assert.True(client.Receivers.ContainsKey("staging/conference/commands/all"));
        Assert.Single(client.Senders["staging/conference/commands"].SentBatches);
    }

    private static ServiceBusTransportOptions Options() => new() { ConnectionString = "Endpoint=sb://x/;SharedAccessKeyName=k;SharedAccessKey=v" };
}
