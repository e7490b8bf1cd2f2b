using Infrastructure.Messaging;

namespace Infrastructure.EventSourcing;

/// <summary>
/// Base of event-sourced aggregates. State changes only in the handlers registered with
/// <see cref="Handles{TEvent}"/>; public methods validate, then <see cref="Raise"/> events.
/// </summary>
public abstract class EventSourced : IEventSourced
{
    private readonly Dictionary<Type, Action<IVersionedEvent>> handlers = [];
    private readonly List<IVersionedEvent> pendingEvents = [];

    protected EventSourced(Guid id)
    {
        Id = id;
    }

    public Guid Id { get; }

    public int Version { get; protected set; }

    public IReadOnlyList<IVersionedEvent> PendingEvents => pendingEvents;

    /// <summary>Called by the repository once the pending events are saved.</summary>
    public void MarkPendingEventsSaved() => pendingEvents.Clear();

    protected void Handles<TEvent>(Action<TEvent> when) where TEvent : IVersionedEvent =>
        handlers.Add(typeof(TEvent), e => when((TEvent)e));

    /// <summary>Replays history; each event must be the next version.</summary>
    protected void LoadFrom(IEnumerable<IVersionedEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        foreach (var e in history)
        {
            if (e.Version != Version + 1)
            {
                throw new InvalidOperationException($"{GetType().Name} {Id}: expected event version {Version + 1} but got {e.Version}.");
            }

            Apply(e);
            Version = e.Version;
        }
    }

    /// <summary>Stamps the event with this aggregate's id and next version, applies it and queues it for saving.</summary>
    protected void Raise<TEvent>(TEvent @event) where TEvent : VersionedEvent
    {
        ArgumentNullException.ThrowIfNull(@event);
        var stamped = @event with { SourceId = Id, Version = Version + 1 };
        Apply(stamped);
        Version = stamped.Version;
        pendingEvents.Add(stamped);
    }

    private void Apply(IVersionedEvent e)
    {
        if (!handlers.TryGetValue(e.GetType(), out var when))
        {
            throw new InvalidOperationException($"{GetType().Name} has no handler for {e.GetType().Name}.");
        }

        when(e);
    }
}
