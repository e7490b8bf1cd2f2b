namespace Infrastructure.Messaging;

/// <summary>Base of events raised by aggregates; the event-sourced aggregate stamps source and version.</summary>
public abstract record VersionedEvent : IVersionedEvent
{
    public Guid SourceId { get; init; }

    public int Version { get; init; }
}
