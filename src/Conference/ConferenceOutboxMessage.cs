namespace Conference;

/// <summary>
/// An integration event saved in the same transaction as the change it reports, deleted once
/// published (the outbox). <see cref="MessageId"/> is fixed when the row is written, so publishing
/// the row again is recognised as a duplicate by the transport and by consumers.
/// </summary>
public sealed class ConferenceOutboxMessage
{
    public Guid Id { get; internal set; }

    public Guid ConferenceId { get; internal set; }

    /// <summary>The conference version carried by the event.</summary>
    public int Version { get; internal set; }

    public string TypeName { get; internal set; } = string.Empty;

    public string Body { get; internal set; } = string.Empty;

    public string MessageId { get; internal set; } = string.Empty;

    /// <summary>Unix milliseconds, for operators looking at a stuck outbox.</summary>
    public long CreatedAt { get; internal set; }
}
