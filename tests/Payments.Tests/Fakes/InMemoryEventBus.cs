using Infrastructure.Messaging;

namespace Payments.Tests.Fakes;

public sealed class InMemoryEventBus : IEventBus
{
    private readonly List<Envelope<IEvent>> published = [];

    public IReadOnlyList<IEvent> Published => published.Select(e => e.Body).ToList();

    public Task PublishAsync(Envelope<IEvent> @event, CancellationToken cancellationToken) => PublishAsync([@event], cancellationToken);

    public Task PublishAsync(IEnumerable<Envelope<IEvent>> events, CancellationToken cancellationToken)
    {
        published.AddRange(events);
        return Task.CompletedTask;
    }
}
