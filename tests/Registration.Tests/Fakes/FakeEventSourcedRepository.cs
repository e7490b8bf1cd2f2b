using Infrastructure;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;

namespace Registration.Tests.Fakes;

/// <summary>
/// Streams kept serialized (so every event must survive the real serializer), with the event store's
/// optimistic concurrency: a save must start right after the last stored version. Saved events are
/// published with the correlation id they were saved with, as the event store publisher does.
/// </summary>
public sealed class FakeEventSourcedRepository<T>(InMemoryBus? bus = null) : IEventSourcedRepository<T>
    where T : EventSourced, IEventSourcedFactory<T>
{
    private readonly Dictionary<Guid, List<Stored>> streams = [];

    public Task<T?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var history = Events(id);
        return Task.FromResult(history.Count == 0 ? null : T.Rehydrate(id, history));
    }

    public async Task SaveAsync(T aggregate, string? correlationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        var pending = aggregate.PendingEvents;
        if (pending.Count == 0)
        {
            return;
        }

        lock (streams)
        {
            var stream = streams.TryGetValue(aggregate.Id, out var existing) ? existing : streams[aggregate.Id] = [];
            if (stream.Count != pending[0].Version - 1)
            {
                throw new ConcurrencyException($"{typeof(T).Name} {aggregate.Id} is at version {stream.Count}, not {pending[0].Version - 1}.");
            }

            foreach (var e in pending)
            {
                var (typeName, body) = Messages.Serializer.Serialize(e);
                stream.Add(new Stored(typeName, body, correlationId));
            }
        }

        var saved = pending.ToList();
        aggregate.MarkPendingEventsSaved();
        if (bus is not null)
        {
            await bus.PublishAsync(saved.Select(e => new Envelope<IEvent>(e) { CorrelationId = correlationId }), cancellationToken);
        }
    }

    /// <summary>Stores a history as if earlier commands had produced it.</summary>
    public void Given(Guid id, params VersionedEvent[] history)
    {
        lock (streams)
        {
            var stream = streams.TryGetValue(id, out var existing) ? existing : streams[id] = [];
            foreach (var e in history)
            {
                var (typeName, body) = Messages.Serializer.Serialize(e with { SourceId = id, Version = stream.Count + 1 });
                stream.Add(new Stored(typeName, body, null));
            }
        }
    }

    public IReadOnlyList<IVersionedEvent> Events(Guid id)
    {
        lock (streams)
        {
            return streams.TryGetValue(id, out var stream)
                ? stream.Select(s => (IVersionedEvent)Messages.Serializer.Deserialize(s.TypeName, s.Body)).ToList()
                : [];
        }
    }

    public IReadOnlyList<string?> CorrelationIds(Guid id)
    {
        lock (streams)
        {
            return streams.TryGetValue(id, out var stream) ? stream.Select(s => s.CorrelationId).ToList() : [];
        }
    }

    private sealed record Stored(string TypeName, string Body, string? CorrelationId);
}
