namespace Infrastructure.Messaging;

/// <summary>An event that carries its position in its source's sequence (<see cref="Version"/>): an aggregate's stream, or a conference's changes.</summary>
public interface IVersionedEvent : IEvent
{
    int Version { get; }
}
