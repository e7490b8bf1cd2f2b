using Infrastructure.EventSourcing;
using Infrastructure.Sql.Messaging;

namespace Infrastructure.Sql.EventSourcing;

/// <summary>
/// The SQL event store enqueues what it saves on <paramref name="Transport"/> (which must be in the
/// store's database), to the topics <paramref name="Options"/> name per source type, in the save's transaction.
/// </summary>
public sealed record SqlEventsPublishedOnSave(SqlMessageTransport Transport, EventStoreBusPublisherOptions Options);
