using Infrastructure;
using Infrastructure.Messaging;

namespace Registration.ReadModel.Tests;

/// <summary>
/// Delivers events to a handler the way the transport and dispatcher would: a deferred message goes to
/// the back of the queue, a concurrency conflict is retried at once.
/// </summary>
public static class Delivery
{
    /// <summary>Every event once more with probability one half, then all shuffled.</summary>
    public static IReadOnlyList<object> DuplicatedAndShuffled(IReadOnlyList<object> events, int seed)
    {
        var random = new Random(seed);
        return [.. events.Concat(events.Where(_ => random.Next(2) == 0)).OrderBy(_ => random.Next())];
    }

    public static async Task DeliverAsync(IEnumerable<object> events, Func<object, Task> handle)
    {
        var queue = new Queue<object>(events);
        var deferredInARow = 0;
        while (queue.TryDequeue(out var message))
        {
            try
            {
                await HandleWithRetriesAsync(message, handle);
                deferredInARow = 0;
            }
            catch (MessageDeferredException)
            {
                queue.Enqueue(message);
                if (++deferredInARow > queue.Count)
                {
                    throw new InvalidOperationException($"Every remaining message is deferred: {string.Join(", ", queue.Select(m => m.GetType().Name))}.");
                }
            }
        }
    }

    private static async Task HandleWithRetriesAsync(object message, Func<object, Task> handle)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await handle(message);
                return;
            }
            catch (ConcurrencyException) when (attempt < 20)
            {
                await Task.Delay(Random.Shared.Next(1, 10));
            }
        }
    }
}
