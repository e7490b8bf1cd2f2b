namespace Infrastructure.Conformance;

/// <summary>
/// Waits for an outcome that happens in the background by polling it until it holds. The deadline is
/// generous because a loaded, shared machine can take seconds where an idle one takes milliseconds; a
/// passing run returns as soon as the outcome holds, so the deadline costs nothing then.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public static Task HoldsAsync(Func<bool> condition) => HoldsAsync(() => Task.FromResult(condition()));

    public static Task HoldsAsync(Func<Task<bool>> condition) => UntilAsync(condition, "the expected outcome");

    /// <summary>Returns once <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> naming <paramref name="what"/> after <see cref="Patience"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still waiting after {Patience.TotalSeconds} s for {what}.");
            }

            await Task.Delay(PollInterval);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    /// <summary>Until the clock is past <paramref name="moment"/>: for outcomes that depend on time alone, such as a lock or a window expiring.</summary>
    public static Task PassedAsync(DateTimeOffset moment) => HoldsAsync(() => DateTimeOffset.UtcNow > moment);
}
