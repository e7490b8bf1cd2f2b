using Infrastructure.EventSourcing;
using Infrastructure.MessageLog;
using Infrastructure.Messaging;
using Infrastructure.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Infrastructure.Hosting;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>Adds the message type registry and the JSON serializer; <paramref name="register"/> may be called by several modules.</summary>
    public static IServiceCollection AddMessageTypes(this IServiceCollection services, Action<MessageTypeRegistry> register)
    {
        ArgumentNullException.ThrowIfNull(register);
        var registry = services.FirstOrDefault(d => d.ServiceType == typeof(MessageTypeRegistry))?.ImplementationInstance as MessageTypeRegistry;
        if (registry is null)
        {
            registry = new MessageTypeRegistry();
            services.AddSingleton(registry);
            services.AddSingleton<IMessageSerializer, JsonMessageSerializer>();
        }

        register(registry);
        return services;
    }

    /// <summary>Adds the topology (validated now) and creates it on the transport when the host starts.</summary>
    public static IServiceCollection AddMessagingTopology(this IServiceCollection services, MessagingTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        topology.Validate();
        services.TryAddSingleton(topology);
        services.TryAddSingleton(TimeProvider.System);
        // Registered first so topics and subscriptions exist before any processor or sender starts.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, TopologyInitializerService>());
        return services;
    }

    public static IServiceCollection AddCommandBus(this IServiceCollection services, string topic = "conference/commands") =>
        services.AddSingleton<ICommandBus>(sp => new CommandBus(sp.GetRequiredService<IMessageTransport>().CreateSender(topic), sp.GetRequiredService<IMessageSerializer>()));

    public static IServiceCollection AddEventBus(this IServiceCollection services, string topic = "conference/events") =>
        services.AddSingleton<IEventBus>(sp => new EventBus(sp.GetRequiredService<IMessageTransport>().CreateSender(topic), sp.GetRequiredService<IMessageSerializer>()));

    /// <summary>
    /// Processes <paramref name="subscription"/> of <paramref name="topic"/> with <typeparamref name="THandler"/>
    /// (one scoped instance per message). Each command type may have one handler only. A handler may
    /// listen on several subscriptions (the process manager hears several topics); together their
    /// filters must let through every type it handles, so none is silently never delivered.
    /// </summary>
    public static IServiceCollection AddSubscriptionHandler<THandler>(this IServiceCollection services, string topic, string subscription, MessageProcessorOptions? options = null)
        where THandler : class, IMessageHandler
    {
        var dispatcher = MessageDispatcher.For(typeof(THandler));
        var commandHandlers = services.FirstOrDefault(d => d.ServiceType == typeof(CommandHandlerRegistrations))?.ImplementationInstance as CommandHandlerRegistrations;
        if (commandHandlers is null)
        {
            commandHandlers = new CommandHandlerRegistrations();
            services.AddSingleton(commandHandlers);
        }

        foreach (var command in dispatcher.HandledCommandTypes)
        {
            if (!commandHandlers.TryAdd(command, typeof(THandler), out var existing))
            {
                throw new InvalidOperationException($"{command.Name} already has a handler ({existing.Name}); a command has exactly one.");
            }
        }

        var handlerSubscriptions = commandHandlers.AddSubscription(typeof(THandler), topic, subscription);
        services.TryAddScoped<THandler>();
        services.AddSingleton<IHostedService>(sp =>
        {
            var topology = sp.GetRequiredService<MessagingTopology>();
            var settings = topology.GetSubscription(topic, subscription);
            var registry = sp.GetRequiredService<MessageTypeRegistry>();
            foreach (var type in dispatcher.HandledMessageTypes)
            {
                var name = registry.GetName(type);
                if (!handlerSubscriptions.Any(s => topology.GetSubscription(s.Topic, s.Subscription).Filter.Matches(name)))
                {
                    throw new InvalidSettingException(
                        $"Topics/Topic[@Path='{topic}']/Subscription[@Name='{subscription}']/@SqlFilter",
                        $"{typeof(THandler).Name} handles {name}, which none of its subscriptions' filters lets through.");
                }
            }

            return new SubscriptionProcessorService(
                sp.GetRequiredService<IMessageTransport>().CreateReceiver(topic, subscription),
                new DispatchingMessageHandler(dispatcher, sp.GetRequiredService<IMessageSerializer>(), sp.GetRequiredService<IServiceScopeFactory>()),
                (options ?? new MessageProcessorOptions()) with { MaxDeliveryCount = settings.MaxDeliveryCount },
                sp.GetRequiredService<ILogger<MessageProcessor>>());
        });
        return services;
    }

    /// <summary>Records every message of <paramref name="topic"/> in the message log, from its <c>log</c> subscription.</summary>
    public static IServiceCollection AddMessageLogWriter(this IServiceCollection services, string topic, string subscription = "log") =>
        services.AddSingleton<IHostedService>(sp =>
        {
            var topology = sp.GetRequiredService<MessagingTopology>();
            var settings = topology.GetSubscription(topic, subscription);
            return new SubscriptionProcessorService(
                sp.GetRequiredService<IMessageTransport>().CreateReceiver(topic, subscription),
                new MessageLogWriter(sp.GetRequiredService<IMessageLog>(), topology),
                new MessageProcessorOptions { MaxDeliveryCount = settings.MaxDeliveryCount },
                sp.GetRequiredService<ILogger<MessageProcessor>>());
        });

    /// <summary>Adds the repository for <typeparamref name="T"/> over the registered <see cref="IEventStore"/>.</summary>
    public static IServiceCollection AddEventSourcedRepository<T>(this IServiceCollection services)
        where T : EventSourced, IEventSourcedFactory<T>
    {
        services.AddMemoryCache();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEventSourcedRepository<T>, EventSourcedRepository<T>>();
        return services;
    }

    /// <summary>Adds the publisher that drains the unpublished-events virtual queue (also the notifier repositories call).</summary>
    public static IServiceCollection AddEventStoreBusPublisher(this IServiceCollection services, EventStoreBusPublisherOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<EventStoreBusPublisher>();
        services.AddSingleton<IUnpublishedEventsNotifier>(sp => sp.GetRequiredService<EventStoreBusPublisher>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<EventStoreBusPublisher>());
        return services;
    }

    private sealed class CommandHandlerRegistrations
    {
        private readonly Dictionary<Type, Type> handlers = [];
        private readonly Dictionary<Type, List<(string Topic, string Subscription)>> subscriptions = [];

        /// <summary>Every subscription of <paramref name="handler"/>; the list grows as later registrations add to it.</summary>
        public IReadOnlyList<(string Topic, string Subscription)> AddSubscription(Type handler, string topic, string subscription)
        {
            if (!subscriptions.TryGetValue(handler, out var list))
            {
                subscriptions[handler] = list = [];
            }

            list.Add((topic, subscription));
            return list;
        }

        public bool TryAdd(Type command, Type handler, out Type existing)
        {
            if (handlers.TryGetValue(command, out existing!))
            {
                return existing == handler;
            }

            handlers[command] = handler;
            return true;
        }
    }

    private sealed class TopologyInitializerService(IMessageTransport transport, MessagingTopology topology) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => transport.Topology.EnsureTopologyAsync(topology, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
