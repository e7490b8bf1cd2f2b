using Infrastructure.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Infrastructure.Azure.Messaging;

public static class ServiceBusServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Service Bus transport. The options are checked now, so a host with a missing or
    /// contradictory option fails at start naming it. The topology, when registered
    /// (<c>AddMessagingTopology</c>), tells which subscriptions require sessions.
    /// </summary>
    public static IServiceCollection AddAzureServiceBus(this IServiceCollection services, ServiceBusTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IMessageTransport>(sp => ServiceBusMessageTransport.Create(
            options,
            sp.GetService<MessagingTopology>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        return services;
    }
}
