using System.Diagnostics;
using Infrastructure.Resilience;
using Infrastructure.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Infrastructure.Messaging;

/// <summary>
/// Deserializes a received message and hands it to one handler class, resolved in a fresh DI scope
/// per attempt. Concurrency conflicts are retried here, in process, before the message is abandoned.
/// Messages of one partition key are handled one at a time here (see <see cref="PartitionGate"/>).
/// </summary>
public sealed class DispatchingMessageHandler(
    MessageDispatcher dispatcher,
    IMessageSerializer serializer,
    IServiceScopeFactory scopes) : IReceivedMessageHandler
{
    private readonly PartitionGate partitions = new();

    public Type HandlerType => dispatcher.HandlerType;

    public async Task HandleAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = serializer.Deserialize(message.Message.TypeName, message.Message.Body);
        if (!dispatcher.Handles(body.GetType()))
        {
            throw new NoHandlerException($"{dispatcher.HandlerType.Name} does not handle {message.Message.TypeName}.");
        }

        using var activity = Instrumentation.ActivitySource.StartActivity($"handle {message.Message.TypeName}", ActivityKind.Consumer);
        activity?.SetTag("messaging.destination.name", message.Topic);
        activity?.SetTag("messaging.destination.subscription.name", message.Subscription);
        activity?.SetTag("messaging.message.id", message.Message.MessageId);
        activity?.SetTag("messaging.message.conversation_id", message.Message.CorrelationId);

        using var turn = message.Message.PartitionKey is { } partition ? await partitions.EnterAsync(partition, cancellationToken) : null;
        await ResiliencePipelines.ConcurrencyConflicts.ExecuteAsync(
            async token =>
            {
                await using var scope = scopes.CreateAsyncScope();
                var handler = scope.ServiceProvider.GetRequiredService(dispatcher.HandlerType);
                await dispatcher.DispatchAsync(handler, body, message, token);
            },
            cancellationToken);
    }
}
