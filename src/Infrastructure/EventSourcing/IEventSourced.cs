using Infrastructure.Messaging;

namespace Infrastructure.EventSourcing;

public interface IEventSourced
{
    Guid Id { get; }

    /// <summary>Version of the last event applied, raised ones included.</summary>
    int Version { get; }

    /// <summary>Events raised since the aggregate was loaded, not yet saved.</summary>
    IReadOnlyList<IVersionedEvent> PendingEvents { get; }
}

/// <summary>How a repository rebuilds an aggregate from its history.</summary>
public interface IEventSourcedFactory<out TSelf> where TSelf : IEventSourced
{
    static abstract TSelf Rehydrate(Guid id, IEnumerable<IVersionedEvent> history);
}

/// <summary>Opaque state of an aggregate at a version, so a load can replay only newer events.</summary>
#pragma warning disable CA1040 // marker of snapshot state
public interface IMemento
{
    int Version { get; }
}
#pragma warning restore CA1040

/// <summary>An aggregate that can take and restore snapshots (RI V3: SeatsAvailability).</summary>
public interface IMementoOriginator<out TSelf> where TSelf : IEventSourced
{
    IMemento SaveToMemento();

    static abstract TSelf Restore(Guid id, IMemento memento, IEnumerable<IVersionedEvent> newerEvents);
}
