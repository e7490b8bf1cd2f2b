using Infrastructure.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Infrastructure.Hosting;

/// <summary>Runs one <see cref="MessageProcessor"/> for one subscription for the life of the host.</summary>
public sealed class SubscriptionProcessorService(
    IMessageReceiver receiver,
    IReceivedMessageHandler handler,
    MessageProcessorOptions options,
    ILogger<MessageProcessor> logger) : BackgroundService
{
    public string Topic => receiver.Topic;

    public string Subscription => receiver.Subscription;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new MessageProcessor(receiver, handler, options, logger).RunAsync(stoppingToken);
}
