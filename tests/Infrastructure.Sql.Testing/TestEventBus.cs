using Infrastructure.Messaging;

namespace Infrastructure.Sql.Testing;

/// <summary>
/// An event bus that keeps what it published, in order, and refuses a publish (as a bus that is down
/// does) while <see cref="IsDown"/>, or when the batch holds an envelope <see cref="Refuses"/> matches.
/// </summary>
public sealed class TestEventBus : IEventBus
{
    private readonly List<Envelope<IEvent>> published = [];
    private readonly Lock gate = new();
    private int attempts;
    private bool isDown;
    private Func<Envelope<IEvent>, bool>? refuses;

    public bool IsDown
    {
        get { lock (gate) { return isDown; } }
        set { lock (gate) { isDown = value; } }
    }

    public Func<Envelope<IEvent>, bool>? Refuses
    {
        get { lock (gate) { return refuses; } }
        set { lock (gate) { refuses = value; } }
    }

    /// <summary>How many publishes were asked for, refused ones included.</summary>
    public int Attempts
    {
        get { lock (gate) { return attempts; } }
    }

    public IReadOnlyList<Envelope<IEvent>> Published
    {
        get { lock (gate) { return [.. published]; } }
    }

    public Task PublishAsync(Envelope<IEvent> @event, CancellationToken cancellationToken) => PublishAsync([@event], cancellationToken);

    public Task PublishAsync(IEnumerable<Envelope<IEvent>> events, CancellationToken cancellationToken)
    {
        var batch = events.ToList();
        lock (gate)
        {
            // Counted and refused under one lock: a caller that saw the attempt knows it has failed.
            attempts++;
            if (isDown || (refuses is { } refuse && batch.Any(refuse)))
            {
                throw new IOException("The event bus is unavailable.");
            }

            published.AddRange(batch);
        }

        return Task.CompletedTask;
    }
}
