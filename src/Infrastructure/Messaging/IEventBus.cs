namespace Infrastructure.Messaging;

public interface IEventBus
{
    Task PublishAsync(Envelope<IEvent> @event, CancellationToken cancellationToken);

    Task PublishAsync(IEnumerable<Envelope<IEvent>> events, CancellationToken cancellationToken);
}

public static class EventBusExtensions
{
    public static Task PublishAsync(this IEventBus bus, IEvent @event, CancellationToken cancellationToken) =>
        bus.PublishAsync(Envelope.Create(@event), cancellationToken);
}
