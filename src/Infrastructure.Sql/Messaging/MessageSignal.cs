using System.Collections.Concurrent;

namespace Infrastructure.Sql.Messaging;

/// <summary>
/// Wakes receivers waiting on a topic as soon as a sender in this process commits (or, on PostgreSQL,
/// a NOTIFY arrives from another process), so they need not poll hard. A waiter takes
/// <see cref="Next"/> before it looks at the table, so a pulse between the look and the wait is not missed.
/// </summary>
internal sealed class MessageSignal
{
    private TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref next).Task;

    public void Pulse() =>
        Interlocked.Exchange(ref next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}

/// <summary>Signals per database and topic, shared by every sender and receiver in the process.</summary>
internal static class MessageSignals
{
    private static readonly ConcurrentDictionary<(string Database, string Topic), MessageSignal> Signals = new();

    public static MessageSignal For(string database, string topic) => Signals.GetOrAdd((database, topic), _ => new MessageSignal());

    public static void PulseAll(string database, string topic)
    {
        if (Signals.TryGetValue((database, topic), out var signal))
        {
            signal.Pulse();
        }
    }
}
