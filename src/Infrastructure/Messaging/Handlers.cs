namespace Infrastructure.Messaging;

/// <summary>Marker for classes registered with a subscription.</summary>
#pragma warning disable CA1040 // a marker lets registration find every handler interface a class implements
public interface IMessageHandler
{
}
#pragma warning restore CA1040

public interface ICommandHandler<in T> : IMessageHandler where T : ICommand
{
    Task HandleAsync(T command, CancellationToken cancellationToken);
}

public interface IEventHandler<in T> : IMessageHandler where T : IEvent
{
    Task HandleAsync(T @event, CancellationToken cancellationToken);
}

/// <summary>For handlers that need the metadata, e.g. the process manager checking a correlation id.</summary>
public interface IEnvelopedEventHandler<T> : IMessageHandler where T : IEvent
{
    Task HandleAsync(Envelope<T> envelope, CancellationToken cancellationToken);
}
