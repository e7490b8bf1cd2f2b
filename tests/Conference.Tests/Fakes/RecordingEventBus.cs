using Infrastructure.Messaging;

namespace Conference.Tests.Fakes;

/// <summary>Keeps what was published, in order.</summary>
public sealed class RecordingEventBus : IEventBus
{
    private readonly List<Envelope<IEvent>> published = [];

    public IReadOnlyList<Envelope<IEvent>> Published
    {
        get
        {
            lock (published)
            {
                return [.. published];
            }
        }
    }

    public IReadOnlyList<IEvent> Events => [.. Published.Select(e => e.Body)];

    public Task PublishAsync(Envelope<IEvent> @event, CancellationToken cancellationToken) => PublishAsync([@event], cancellationToken);

    public Task PublishAsync(IEnumerable<Envelope<IEvent>> events, CancellationToken cancellationToken)
    {
        lock (published)
        {
            published.AddRange(events);
        }

        return Task.CompletedTask;
    }
}
