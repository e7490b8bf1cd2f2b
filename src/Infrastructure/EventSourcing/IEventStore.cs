namespace Infrastructure.EventSourcing;

/// <summary>An event as stored: serialized, with its stream position.</summary>
public sealed record StoredEvent(
    string SourceType,
    Guid SourceId,
    int Version,
    string TypeName,
    string Payload,
    string? CorrelationId,
    DateTimeOffset CreatedAt);

/// <summary>Append-only streams of events per aggregate.</summary>
public interface IEventStore
{
    /// <summary>Events of one stream with a version greater than <paramref name="afterVersion"/>, in order.</summary>
    Task<IReadOnlyList<StoredEvent>> LoadAsync(string sourceType, Guid sourceId, int afterVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Appends <paramref name="events"/> (versions expectedVersion+1, +2, …) and queues a copy of each as
    /// unpublished (or, <see cref="PublishesOnSave"/>, enqueues each on the bus), atomically. Throws <see cref="ConcurrencyException"/> and writes nothing when the
    /// stream is not at <paramref name="expectedVersion"/>.
    /// </summary>
    Task SaveAsync(string sourceType, Guid sourceId, int expectedVersion, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// True when a save also enqueues its events on the bus in its own transaction (the store and the
    /// transport share a database), so nothing is left for the publisher to send.
    /// </summary>
    bool PublishesOnSave => false;
}

/// <summary>The "virtual queue" of saved events not yet published (RI: rows prefixed Unpublished).</summary>
public interface IUnpublishedEventsQueue
{
    Task<IReadOnlyList<StoredEvent>> GetUnpublishedAsync(string sourceType, Guid sourceId, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the copies of <paramref name="versions"/> of one stream in one statement, once they are
    /// sent. Exact versions, not "up to": an older copy another process left pending must stay queued.
    /// Versions no longer queued are ignored.
    /// </summary>
    Task DeleteUnpublishedAsync(string sourceType, Guid sourceId, IReadOnlyCollection<int> versions, CancellationToken cancellationToken);

    /// <summary>Every stream with unpublished events: the start-up scan.</summary>
    Task<IReadOnlyList<(string SourceType, Guid SourceId)>> GetStreamsWithUnpublishedEventsAsync(CancellationToken cancellationToken);
}

/// <summary>Tells the publisher that a stream has new unpublished events.</summary>
public interface IUnpublishedEventsNotifier
{
    /// <summary>
    /// Called after <see cref="IEventStore.SaveAsync"/> committed <paramref name="saved"/>, so the
    /// publisher can send them without reading them back; an empty list asks it to read the stream's queue.
    /// </summary>
    void Notify(string sourceType, Guid sourceId, IReadOnlyList<StoredEvent> saved);
}

public static class EventStoreValidation
{
    /// <summary>Checks the arguments every event store implementation receives on save.</summary>
    public static void ValidateSave(string sourceType, Guid sourceId, int expectedVersion, IReadOnlyList<StoredEvent> events)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceType);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        if (events.Count == 0)
        {
            throw new ArgumentException("Nothing to save.", nameof(events));
        }

        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.SourceId != sourceId || e.SourceType != sourceType)
            {
                throw new ArgumentException($"Event {i} belongs to {e.SourceType} {e.SourceId}, not {sourceType} {sourceId}.", nameof(events));
            }

            if (e.Version != expectedVersion + i + 1)
            {
                throw new ArgumentException($"Event {i} has version {e.Version}; expected {expectedVersion + i + 1}.", nameof(events));
            }

            ArgumentException.ThrowIfNullOrWhiteSpace(e.TypeName);
            ArgumentNullException.ThrowIfNull(e.Payload);
        }
    }
}
