namespace Infrastructure.Sql.Outbox;

/// <summary>
/// An integration event saved in the same transaction as the state change that raised it, deleted
/// once published. Its <see cref="Id"/> is the message id, so publishing it twice is deduplicated.
/// </summary>
public sealed class PendingEvent
{
    public Guid Id { get; set; }

    /// <summary>The entity whose change raised the event (a payment, a conference).</summary>
    public Guid SourceId { get; set; }

    /// <summary>Order of the events of one save.</summary>
    public int Position { get; set; }

    public required string TypeName { get; set; }

    public required string Body { get; set; }

    public string? CorrelationId { get; set; }
}
