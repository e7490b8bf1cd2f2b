using Infrastructure.Messaging;

namespace Infrastructure.MessageLog;

/// <summary>A command or event as it crossed a topic.</summary>
public sealed record MessageLogEntry
{
    public required string MessageId { get; init; }

    public required string Topic { get; init; }

    /// <summary>"Command" or "Event".</summary>
    public required string Kind { get; init; }

    public required string TypeName { get; init; }

    public string? SourceId { get; init; }

    public int? Version { get; init; }

    public string? CorrelationId { get; init; }

    public required DateTimeOffset EnqueuedTime { get; init; }

    public required string Payload { get; init; }

    /// <summary>"Event" for a message on an event topic, "Command" otherwise; a topic the settings do not name is judged by whether the message has a version.</summary>
    public static string KindOf(MessagingTopology topology, string topic, int? version)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var isEventTopic = topology.Topics.FirstOrDefault(t => t.Path == topic)?.IsEventBus ?? version is not null;
        return isEventTopic ? "Event" : "Command";
    }
}

public sealed record MessageLogQuery
{
    public string? Kind { get; init; }

    public IReadOnlyCollection<string>? TypeNames { get; init; }

    public string? SourceId { get; init; }

    public DateTimeOffset? Until { get; init; }
}

/// <summary>Every message that crossed a topic, once each; read models can be rebuilt by replaying it.</summary>
public interface IMessageLog
{
    /// <summary>Records the entry unless a message with the same id on the same topic is already there.</summary>
    Task SaveAsync(MessageLogEntry entry, CancellationToken cancellationToken);

    /// <summary>Entries matching <paramref name="query"/> in the order they were logged.</summary>
    IAsyncEnumerable<MessageLogEntry> ReadAsync(MessageLogQuery query, CancellationToken cancellationToken);
}
