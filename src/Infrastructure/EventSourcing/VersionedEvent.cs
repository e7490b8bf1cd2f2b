using Infrastructure.Messaging;

namespace Infrastructure.EventSourcing;

/// <summary>Base of events raised by aggregates; <see cref="EventSourced"/> stamps source and version.</summary>
public abstract record VersionedEvent : IVersionedEvent
{
    public Guid SourceId { get; init; }

    public int Version { get; init; }
}
