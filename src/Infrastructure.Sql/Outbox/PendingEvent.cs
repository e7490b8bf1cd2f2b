namespace Infrastructure.Sql.Outbox;

/// <summary>
/// An integration event saved in the same transaction as the change that raised it, deleted once
/// published. Everything the message carries is fixed when the row is written, so publishing the row
/// again after a crash sends the same message, which the transport and the consumers drop as a duplicate.
/// </summary>
public sealed class PendingEvent
{
    public Guid Id { get; internal set; }

    /// <summary>The entity whose changes the events report (a payment, a conference); its events are published in <see cref="Version"/> order.</summary>
    public Guid SourceId { get; internal set; }

    /// <summary>The source's version once the event happened: orders the source's events across saves.</summary>
    public int Version { get; internal set; }

    public string TypeName { get; internal set; } = string.Empty;

    public string Body { get; internal set; } = string.Empty;

    public string MessageId { get; internal set; } = string.Empty;

    public string? CorrelationId { get; internal set; }

    public string PartitionKey { get; internal set; } = string.Empty;

    /// <summary>Unix milliseconds, for operators looking at a stuck outbox; 0 on rows written before the time was kept.</summary>
    public long CreatedAt { get; internal set; }
}
