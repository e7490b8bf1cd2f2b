using System.Reflection;
using Infrastructure.Messaging;
using Infrastructure.Serialization;
using Microsoft.Extensions.Caching.Memory;

namespace Infrastructure.EventSourcing;

/// <summary>
/// Loads aggregates by replaying their stream and saves their pending events. Aggregates that are
/// <see cref="IMementoOriginator{TSelf}"/> keep a memento in memory after each load and save, so the
/// next load reads only newer events (RI V3 snapshots).
/// </summary>
public sealed class EventSourcedRepository<T>(
    IEventStore eventStore,
    IMessageSerializer serializer,
    IUnpublishedEventsNotifier publisher,
    IMemoryCache snapshots,
    TimeProvider clock) : IEventSourcedRepository<T>
    where T : EventSourced, IEventSourcedFactory<T>
{
    private static readonly string SourceType = typeof(T).Name;
    private static readonly Snapshots? SnapshotSupport = Snapshots.For();

    public async Task<T?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        if (SnapshotSupport is not null && snapshots.TryGetValue(CacheKey(id), out IMemento? memento) && memento is not null)
        {
            var newer = await eventStore.LoadAsync(SourceType, id, memento.Version, cancellationToken);
            var restored = SnapshotSupport.Restore(id, memento, newer.Select(Deserialize));
            Remember(restored);
            return restored;
        }

        var history = await eventStore.LoadAsync(SourceType, id, 0, cancellationToken);
        if (history.Count == 0)
        {
            return null;
        }

        var aggregate = T.Rehydrate(id, history.Select(Deserialize));
        Remember(aggregate);
        return aggregate;
    }

    public async Task SaveAsync(T aggregate, string? correlationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        var pending = aggregate.PendingEvents;
        if (pending.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var stored = pending.Select(e =>
        {
            var (typeName, payload) = serializer.Serialize(e);
            return new StoredEvent(SourceType, aggregate.Id, e.Version, typeName, payload, correlationId, now);
        }).ToList();

        try
        {
            await eventStore.SaveAsync(SourceType, aggregate.Id, pending[0].Version - 1, stored, cancellationToken);
        }
        catch (ConcurrencyException)
        {
            snapshots.Remove(CacheKey(aggregate.Id));
            throw;
        }

        aggregate.MarkPendingEventsSaved();
        Instrumentation.EventsAppended.Add(stored.Count, new KeyValuePair<string, object?>("source_type", SourceType));
        if (!eventStore.PublishesOnSave)
        {
            publisher.Notify(SourceType, aggregate.Id, stored);
        }

        Remember(aggregate);
    }

    private IVersionedEvent Deserialize(StoredEvent stored) =>
        serializer.Deserialize(stored.TypeName, stored.Payload) as IVersionedEvent
        ?? throw new MessageDeserializationException($"{stored.TypeName} in {SourceType} {stored.SourceId} is not a versioned event.");

    private void Remember(T aggregate)
    {
        if (SnapshotSupport is not null)
        {
            snapshots.Set(CacheKey(aggregate.Id), SnapshotSupport.Save(aggregate), new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(30) });
        }
    }

    private static string CacheKey(Guid id) => $"memento:{SourceType}:{id:N}";

    /// <summary>Bridges to the static members of <see cref="IMementoOriginator{TSelf}"/> when <typeparamref name="T"/> implements it.</summary>
    private sealed class Snapshots(Func<T, IMemento> save, Func<Guid, IMemento, IEnumerable<IVersionedEvent>, T> restore)
    {
        public IMemento Save(T aggregate) => save(aggregate);

        public T Restore(Guid id, IMemento memento, IEnumerable<IVersionedEvent> newer) => restore(id, memento, newer);

        public static Snapshots? For()
        {
            if (!typeof(IMementoOriginator<T>).IsAssignableFrom(typeof(T)))
            {
                return null;
            }

            var bridge = typeof(Snapshots).GetMethod(nameof(Bridge), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(typeof(T));
            return (Snapshots)bridge.Invoke(null, null)!;
        }

        private static Snapshots Bridge<TOriginator>() where TOriginator : T, IMementoOriginator<TOriginator> =>
            new(a => ((TOriginator)a).SaveToMemento(), (id, m, e) => TOriginator.Restore(id, m, e));
    }
}
