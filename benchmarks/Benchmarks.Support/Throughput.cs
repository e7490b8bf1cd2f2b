using System.Diagnostics;

namespace Benchmarks.Support;

/// <summary>Closed-loop rate: <c>clients</c> callers each repeat an operation for a duration.</summary>
public static class Throughput
{
    /// <summary>Operations per second; an operation that throws <see cref="InvalidOperationException"/> ends its caller (nothing left to do).</summary>
    public static async Task<double> MeasureAsync(int clients, TimeSpan duration, Func<Task> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var stopwatch = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            var count = 0;
            var lastDone = TimeSpan.Zero;
            while (stopwatch.Elapsed < duration)
            {
                try
                {
                    await operation();
                }
                catch (InvalidOperationException)
                {
                    break;
                }

                count++;
                lastDone = stopwatch.Elapsed;
            }

            return (count, lastDone);
        }));
        var last = results.Max(r => r.lastDone);
        return last == TimeSpan.Zero ? 0 : results.Sum(r => r.count) / last.TotalSeconds;
    }
}
