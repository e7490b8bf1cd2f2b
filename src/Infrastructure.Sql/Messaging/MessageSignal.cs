using System.Collections.Concurrent;

namespace Infrastructure.Sql.Messaging;

/// <summary>
/// Wakes receivers waiting on a topic as soon as a sender in this process commits (or, on PostgreSQL,
/// a NOTIFY arrives from another process), so they need not poll hard. Each pulse says which message
/// types it brought (or nothing, meaning "look anyway"), and a receiver wakes only for a pulse its
/// subscription's filter takes: a topic with a dozen subscriptions would otherwise send a dozen
/// receivers to the table for every message, most of them to find nothing.
/// <para>
/// Pulses form a chain: each one completes with the next, so a receiver that skips a pulse it does not
/// want goes on to the one after it and misses none. A waiter takes <see cref="Next"/> before it looks at
/// the table, so a pulse between the look and the wait is not missed either.
/// </para>
/// </summary>
internal sealed class MessageSignal
{
    private MessagePulse next = new();

    public MessagePulse Next => Volatile.Read(ref next);

    /// <summary>Completes the current pulse with the types sent (null: any type) and starts the next.</summary>
    public void Pulse(IReadOnlyCollection<string>? typeNames)
    {
        var fresh = new MessagePulse();
        Interlocked.Exchange(ref next, fresh).Complete(typeNames, fresh);
    }
}

/// <summary>One pulse of a <see cref="MessageSignal"/>: the types it brought and the pulse after it.</summary>
internal sealed class MessagePulse
{
    private readonly TaskCompletionSource<(IReadOnlyCollection<string>? TypeNames, MessagePulse Next)> completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Waits, from this pulse on, for the first pulse <paramref name="wanted"/> takes (a pulse without types
    /// always counts), or until <paramref name="giveUp"/> completes. Giving up throws nothing: an idle
    /// receiver gives up several times a second.
    /// </summary>
    public async Task WaitForAsync(Func<string, bool> wanted, Task giveUp)
    {
        var pulse = this;
        while (true)
        {
            if (await Task.WhenAny(pulse.completion.Task, giveUp) == giveUp)
            {
                return;
            }

            var (typeNames, next) = await pulse.completion.Task;
            if (typeNames is null || typeNames.Any(wanted))
            {
                return;
            }

            pulse = next;
        }
    }

    internal void Complete(IReadOnlyCollection<string>? typeNames, MessagePulse next) => completion.TrySetResult((typeNames, next));
}

/// <summary>Signals per database and topic, shared by every sender and receiver in the process.</summary>
internal static class MessageSignals
{
    private static readonly ConcurrentDictionary<(string Database, string Topic), MessageSignal> Signals = new();
    private static readonly ConcurrentDictionary<(string Database, string Topic, string Subscription), bool> Receiving = new();

    public static MessageSignal For(string database, string topic) => Signals.GetOrAdd((database, topic), _ => new MessageSignal());

    /// <summary>Notes that a receiver of <paramref name="subscription"/> runs in this process (and is woken by its pulses).</summary>
    public static void ReceivesHere(string database, string topic, string subscription) => Receiving.TryAdd((database, topic, subscription), true);

    /// <summary>Whether a receiver of <paramref name="subscription"/> has run in this process.</summary>
    public static bool IsReceivedHere(string database, string topic, string subscription) => Receiving.ContainsKey((database, topic, subscription));

    /// <summary>Wakes the topic's receivers whose filters take one of <paramref name="typeNames"/> (all of them when null).</summary>
    public static void PulseAll(string database, string topic, IReadOnlyCollection<string>? typeNames = null)
    {
        if (Signals.TryGetValue((database, topic), out var signal))
        {
            signal.Pulse(typeNames);
        }
    }
}
