namespace Infrastructure.Messaging;

/// <summary>An event raised by an event-sourced aggregate; <see cref="Version"/> is its position in the stream.</summary>
public interface IVersionedEvent : IEvent
{
    int Version { get; }
}
