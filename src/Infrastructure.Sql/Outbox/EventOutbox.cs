using Infrastructure.Messaging;
using Infrastructure.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Infrastructure.Sql.Outbox;

/// <summary>
/// Publishes integration events of a CRUD store without losing them: <see cref="Add"/> puts them in
/// the same SaveChanges as the change; after the commit <see cref="PublishAsync"/> sends and deletes
/// them. Whatever a crash leaves behind is sent by the next <see cref="PublishAsync"/> for that source
/// or by <see cref="PublishAllAsync"/> (start-up and periodic scan). Duplicates are dropped by message id.
/// </summary>
public sealed class EventOutbox(IEventBus eventBus, IMessageSerializer serializer)
{
    /// <summary>Stages <paramref name="events"/> in <paramref name="context"/>; nothing is sent until the caller saves.</summary>
    public void Add(DbContext context, Guid sourceId, IEnumerable<IEvent> events, string? correlationId = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(events);
        var position = 0;
        foreach (var @event in events)
        {
            var (typeName, body) = serializer.Serialize(@event);
            context.Set<PendingEvent>().Add(new PendingEvent
            {
                Id = Guid.NewGuid(),
                SourceId = sourceId,
                Position = position++,
                TypeName = typeName,
                Body = body,
                CorrelationId = correlationId,
            });
        }
    }

    /// <summary>Sends and deletes the saved pending events of <paramref name="sourceId"/>.</summary>
    public async Task PublishAsync(DbContext context, Guid sourceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var pending = await context.Set<PendingEvent>()
            .Where(e => e.SourceId == sourceId)
            .ToListAsync(cancellationToken);
        await PublishAndDeleteAsync(context, pending, cancellationToken);
    }

    /// <summary>Sends everything still pending; returns how many events were sent.</summary>
    public async Task<int> PublishAllAsync(DbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var pending = await context.Set<PendingEvent>().ToListAsync(cancellationToken);
        await PublishAndDeleteAsync(context, pending, cancellationToken);
        return pending.Count;
    }

    private async Task PublishAndDeleteAsync(DbContext context, List<PendingEvent> pending, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var envelopes = pending
            .OrderBy(e => e.SourceId).ThenBy(e => e.Position)
            .Select(e => new Envelope<IEvent>((IEvent)serializer.Deserialize(e.TypeName, e.Body))
            {
                MessageId = e.Id.ToString(),
                CorrelationId = e.CorrelationId,
            })
            .ToList();
        await eventBus.PublishAsync(envelopes, cancellationToken);

        context.Set<PendingEvent>().RemoveRange(pending);
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another publisher sent and deleted some of them at the same time; its sends were deduplicated.
            foreach (var entry in context.ChangeTracker.Entries<PendingEvent>().ToList())
            {
                entry.State = EntityState.Detached;
            }
        }
    }
}
