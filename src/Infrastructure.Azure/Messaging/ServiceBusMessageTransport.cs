using System.Collections.Concurrent;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using Infrastructure.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Infrastructure.Azure.Messaging;

/// <summary>
/// Topics and filtered subscriptions on Azure Service Bus, through the official SDK: one
/// <see cref="ServiceBusClient"/> (one AMQP connection) for every sender and receiver, a sender per
/// topic kept for the life of the transport.
/// </summary>
public sealed class ServiceBusMessageTransport : IMessageTransport, IAsyncDisposable
{
    private readonly ServiceBusClient client;
    private readonly ServiceBusTransportOptions options;
    private readonly TimeProvider clock;
    private readonly ILoggerFactory loggerFactory;
    private readonly ResiliencePipeline pipeline;
    private readonly ConcurrentDictionary<string, ServiceBusSender> senders = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<ServiceBusMessageReceiver> receivers = [];
    private readonly bool ownsClient;
    private MessagingTopology? topology;

    /// <param name="administration">Needed only when <see cref="ServiceBusTransportOptions.CreateTopology"/> is on.</param>
    /// <param name="topology">What the subscriptions require (sessions); also learnt from <see cref="IMessagingTopologyInitializer.EnsureTopologyAsync"/>.</param>
    public ServiceBusMessageTransport(
        ServiceBusClient client,
        ServiceBusAdministrationClient? administration,
        ServiceBusTransportOptions options,
        MessagingTopology? topology = null,
        TimeProvider? clock = null,
        ILoggerFactory? loggerFactory = null,
        ResiliencePipeline? pipeline = null)
        : this(client, administration, options, topology, clock, loggerFactory, pipeline, ownsClient: false)
    {
    }

    private ServiceBusMessageTransport(
        ServiceBusClient client,
        ServiceBusAdministrationClient? administration,
        ServiceBusTransportOptions options,
        MessagingTopology? topology,
        TimeProvider? clock,
        ILoggerFactory? loggerFactory,
        ResiliencePipeline? pipeline,
        bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.client = client;
        this.options = options;
        this.topology = topology;
        this.clock = clock ?? TimeProvider.System;
        this.loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        this.pipeline = pipeline ?? ServiceBusFaults.Pipeline(options.MaxRetryAttempts);
        this.ownsClient = ownsClient;
        DeadLetters = new ServiceBusDeadLetterQueue(client, EntityPath, SenderFor, this.pipeline);
        Topology = new ServiceBusTopologyInitializer(
            administration,
            client,
            options,
            EntityPath,
            ensured => Volatile.Write(ref this.topology, ensured),
            this.pipeline,
            this.loggerFactory.CreateLogger<ServiceBusTopologyInitializer>());
    }

    public IDeadLetterQueue DeadLetters { get; }

    public IMessagingTopologyInitializer Topology { get; }

    /// <summary>Connects with a connection string, or to a namespace with Entra ID (<see cref="DefaultAzureCredential"/>).</summary>
    public static ServiceBusMessageTransport Create(ServiceBusTransportOptions options, MessagingTopology? topology = null, TimeProvider? clock = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ServiceBusClient client;
        ServiceBusAdministrationClient? administration = null;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            client = new ServiceBusClient(options.ConnectionString);
            if (options.CreateTopology)
            {
                administration = new ServiceBusAdministrationClient(options.ConnectionString);
            }
        }
        else
        {
            var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ManagedIdentityClientId });
            client = new ServiceBusClient(options.FullyQualifiedNamespace, credential);
            if (options.CreateTopology)
            {
                administration = new ServiceBusAdministrationClient(options.FullyQualifiedNamespace, credential);
            }
        }

        return new ServiceBusMessageTransport(client, administration, options, topology, clock, loggerFactory, pipeline: null, ownsClient: true);
    }

    public IMessageSender CreateSender(string topic) =>
        new ServiceBusMessageSender(SenderFor(topic), topic, () => TopicRequiresSession(topic), pipeline, clock);

    public IMessageReceiver CreateReceiver(string topic, string subscription)
    {
        var receiver = new ServiceBusMessageReceiver(
            client,
            topic,
            subscription,
            EntityPath(topic),
            SubscriptionRequiresSession(topic, subscription),
            options,
            pipeline,
            clock,
            loggerFactory.CreateLogger<ServiceBusMessageReceiver>());
        receivers.Add(receiver);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var receiver in receivers)
        {
            await receiver.DisposeAsync();
        }

        foreach (var sender in senders.Values)
        {
            await sender.DisposeAsync();
        }

        if (ownsClient)
        {
            await client.DisposeAsync();
        }
    }

    /// <summary>The Service Bus path of <paramref name="topic"/>: its topology path after <see cref="ServiceBusTransportOptions.EntityPathPrefix"/>.</summary>
    public string EntityPath(string topic) => options.EntityPathPrefix + topic;

    private ServiceBusSender SenderFor(string topic) => senders.GetOrAdd(EntityPath(topic), client.CreateSender);

    private bool TopicRequiresSession(string topic) =>
        Volatile.Read(ref topology)?.Topics.FirstOrDefault(t => t.Path == topic) is { } settings && ServiceBusTopology.RequiresSession(settings);

    private bool SubscriptionRequiresSession(string topic, string subscription) =>
        Volatile.Read(ref topology)?.Topics.FirstOrDefault(t => t.Path == topic)?.Subscriptions.FirstOrDefault(s => s.Name == subscription)?.RequiresSession ?? false;
}
