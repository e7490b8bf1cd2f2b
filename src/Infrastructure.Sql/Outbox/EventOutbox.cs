using Infrastructure.Messaging;
using Infrastructure.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Infrastructure.Sql.Outbox;

/// <summary>
/// Publishes the integration events of a CRUD store without losing them: <see cref="Add"/> stages them
/// in the same SaveChanges as the change; after the commit <c>PublishAsync</c> sends and deletes them.
/// Whatever a crash or a failed send leaves behind is sent by the next <c>PublishAsync</c> for that
/// source or by <see cref="EventOutboxSweeper{TContext}"/>. A row sent twice carries the same message
/// id both times, so the transport and the consumers drop the repeat.
/// </summary>
public sealed class EventOutbox(IEventBus eventBus, IMessageSerializer serializer, TimeProvider clock)
{
    /// <summary>
    /// Stages the events of one change of <paramref name="sourceId"/>, numbered from
    /// <paramref name="firstVersion"/>; nothing is sent until the caller saves. The rows share
    /// <paramref name="partitionKey"/> (by default the source), so a transport that orders within a
    /// partition keeps the source's events in version order.
    /// </summary>
    /// <returns>The staged rows, in version order, for <see cref="PublishAsync(DbContext, IReadOnlyList{PendingEvent}, CancellationToken)"/>.</returns>
    public IReadOnlyList<PendingEvent> Add(
        DbContext context,
        Guid sourceId,
        int firstVersion,
        IEnumerable<IEvent> events,
        string? partitionKey = null,
        string? correlationId = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(events);
        var createdAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var rows = new List<PendingEvent>();
        var version = firstVersion;
        foreach (var @event in events)
        {
            var (typeName, body) = serializer.Serialize(@event);
            var id = Guid.NewGuid();
            var row = new PendingEvent
            {
                Id = id,
                SourceId = sourceId,
                Version = version++,
                TypeName = typeName,
                Body = body,
                // The id the event bus would give it, but fixed now rather than at each send.
                MessageId = @event is IVersionedEvent versioned
                    ? MessageIds.ForVersionedEvent(typeName, versioned.SourceId, versioned.Version)
                    : id.ToString(),
                CorrelationId = correlationId,
                PartitionKey = partitionKey ?? sourceId.ToString(),
                CreatedAt = createdAt,
            };
            context.Set<PendingEvent>().Add(row);
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Sends and deletes every saved pending event of <paramref name="sourceId"/>, oldest first.</summary>
    public async Task PublishAsync(DbContext context, Guid sourceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rows = await context.Set<PendingEvent>().AsNoTracking()
            .Where(r => r.SourceId == sourceId)
            .OrderBy(r => r.Version)
            .ToListAsync(cancellationToken);
        await PublishAsync(context, rows, cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="rows"/> (saved ones, e.g. those <see cref="Add"/> returned) in version order
    /// within each source, then deletes them. A crash in between leaves them to be sent again under
    /// the same message ids.
    /// </summary>
    public async Task PublishAsync(DbContext context, IReadOnlyList<PendingEvent> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        var envelopes = rows
            .OrderBy(r => r.SourceId).ThenBy(r => r.Version)
            .Select(r => new Envelope<IEvent>((IEvent)serializer.Deserialize(r.TypeName, r.Body))
            {
                MessageId = r.MessageId,
                CorrelationId = r.CorrelationId,
                PartitionKey = r.PartitionKey,
            })
            .ToList();
        await eventBus.PublishAsync(envelopes, cancellationToken);

        var ids = rows.Select(r => r.Id).ToHashSet();
        // A bulk delete, not Remove(): a concurrent publisher may have deleted some of the rows already.
        await context.Set<PendingEvent>().Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
        // The staged copies this unit of work still tracks are gone from the table.
        foreach (var entry in context.ChangeTracker.Entries<PendingEvent>().Where(e => ids.Contains(e.Entity.Id)).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }
}
