using Conference.Database;
using Infrastructure.Messaging;
using Infrastructure.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Conference;

/// <summary>Writes integration events into the outbox table and publishes outbox rows.</summary>
internal static class ConferenceOutbox
{
    public static ConferenceOutboxMessage Create(Guid conferenceId, IVersionedEvent @event, IMessageSerializer serializer, TimeProvider clock)
    {
        var (typeName, body) = serializer.Serialize(@event);
        return new ConferenceOutboxMessage
        {
            Id = Guid.NewGuid(),
            ConferenceId = conferenceId,
            Version = @event.Version,
            TypeName = typeName,
            Body = body,
            MessageId = MessageIds.ForVersionedEvent(typeName, @event.SourceId, @event.Version),
            CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
    }

    /// <summary>
    /// Publishes <paramref name="rows"/> (one conference's, in version order) and then deletes them.
    /// A crash in between leaves them to be published again under the same message ids.
    /// </summary>
    public static async Task PublishAsync(
        ConferenceDbContext context,
        IReadOnlyList<ConferenceOutboxMessage> rows,
        IEventBus eventBus,
        IMessageSerializer serializer,
        CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var envelopes = rows.Select(row => new Envelope<IEvent>((IEvent)serializer.Deserialize(row.TypeName, row.Body))
        {
            MessageId = row.MessageId,
            // Seat-type events have the seat type as source: partition by conference so a transport
            // that orders within a partition keeps all of one conference's events in version order.
            PartitionKey = row.ConferenceId.ToString(),
        }).ToList();
        await eventBus.PublishAsync(envelopes, cancellationToken);

        var ids = rows.Select(r => r.Id).ToList();
        // A bulk delete, not Remove(): another publisher may have deleted some rows already.
        await context.Outbox.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
        foreach (var row in rows)
        {
            context.Entry(row).State = EntityState.Detached;
        }
    }
}
