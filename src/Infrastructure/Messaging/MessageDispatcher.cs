using System.Collections.Frozen;
using System.Reflection;

namespace Infrastructure.Messaging;

/// <summary>
/// Finds, once, the <see cref="ICommandHandler{T}"/>, <see cref="IEventHandler{T}"/> and
/// <see cref="IEnvelopedEventHandler{T}"/> methods of a handler class and invokes the right one.
/// </summary>
public sealed class MessageDispatcher
{
    private delegate Task Invoker(object handler, object message, ReceivedMessage? metadata, CancellationToken cancellationToken);

    private readonly FrozenDictionary<Type, Invoker> invokers;

    private MessageDispatcher(Type handlerType, FrozenDictionary<Type, Invoker> invokers)
    {
        HandlerType = handlerType;
        this.invokers = invokers;
    }

    public Type HandlerType { get; }

    public IReadOnlyCollection<Type> HandledMessageTypes => invokers.Keys;

    public IEnumerable<Type> HandledCommandTypes => invokers.Keys.Where(t => typeof(ICommand).IsAssignableFrom(t));

    public static MessageDispatcher For(Type handlerType)
    {
        ArgumentNullException.ThrowIfNull(handlerType);
        var invokers = new Dictionary<Type, Invoker>();
        foreach (var @interface in handlerType.GetInterfaces().Where(i => i.IsGenericType))
        {
            var definition = @interface.GetGenericTypeDefinition();
            var messageType = @interface.GetGenericArguments()[0];
            var adapter = definition == typeof(ICommandHandler<>) ? nameof(InvokeCommandHandler)
                : definition == typeof(IEventHandler<>) ? nameof(InvokeEventHandler)
                : definition == typeof(IEnvelopedEventHandler<>) ? nameof(InvokeEnvelopedEventHandler)
                : null;
            if (adapter is null)
            {
                continue;
            }

            if (invokers.ContainsKey(messageType))
            {
                throw new InvalidOperationException($"{handlerType.Name} handles {messageType.Name} twice (plain and enveloped); keep one.");
            }

            var method = typeof(MessageDispatcher).GetMethod(adapter, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(messageType);
            invokers[messageType] = method.CreateDelegate<Invoker>();
        }

        if (invokers.Count == 0)
        {
            throw new InvalidOperationException($"{handlerType.Name} implements no command or event handler interface.");
        }

        return new MessageDispatcher(handlerType, invokers.ToFrozenDictionary());
    }

    public bool Handles(Type messageType) => invokers.ContainsKey(messageType);

    public Task DispatchAsync(object handler, object message, ReceivedMessage? metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return invokers.TryGetValue(message.GetType(), out var invoke)
            ? invoke(handler, message, metadata, cancellationToken)
            : throw new NoHandlerException($"{HandlerType.Name} does not handle {message.GetType().Name}.");
    }

    private static Task InvokeCommandHandler<T>(object handler, object message, ReceivedMessage? metadata, CancellationToken cancellationToken)
        where T : ICommand =>
        ((ICommandHandler<T>)handler).HandleAsync((T)message, cancellationToken);

    private static Task InvokeEventHandler<T>(object handler, object message, ReceivedMessage? metadata, CancellationToken cancellationToken)
        where T : IEvent =>
        ((IEventHandler<T>)handler).HandleAsync((T)message, cancellationToken);

    private static Task InvokeEnvelopedEventHandler<T>(object handler, object message, ReceivedMessage? metadata, CancellationToken cancellationToken)
        where T : IEvent =>
        ((IEnvelopedEventHandler<T>)handler).HandleAsync(
            new Envelope<T>((T)message)
            {
                MessageId = metadata?.Message.MessageId,
                CorrelationId = metadata?.Message.CorrelationId,
                PartitionKey = metadata?.Message.PartitionKey,
                EnqueuedTime = metadata?.EnqueuedTime,
                DeliveryCount = metadata?.DeliveryCount ?? 0,
            },
            cancellationToken);
}
