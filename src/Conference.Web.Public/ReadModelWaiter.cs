namespace Conference.Web.Public;

/// <summary>
/// Pages that follow a command read a read model that may not have caught up yet: they poll it,
/// bounded by <see cref="PublicSiteOptions.ReadModelWait"/>, and show a "not yet" page when it runs out.
/// </summary>
public sealed class ReadModelWaiter(PublicSiteOptions options, TimeProvider clock)
{
    /// <summary>The last value read: the one meeting <paramref name="condition"/>, or what was there when time ran out.</summary>
    public async Task<T> WaitAsync<T>(Func<CancellationToken, Task<T>> read, Func<T, bool> condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = clock.GetUtcNow() + options.ReadModelWait;
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            var value = await read(cancellationToken);
            if (condition(value) || clock.GetUtcNow() >= deadline)
            {
                return value;
            }

            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
        }
    }
}
