namespace Infrastructure.Messaging;

/// <summary>
/// Lets one holder at a time through per partition key. Messages of one partition (one aggregate, one
/// order) handled at once by the slots of one subscription would only race on the same stream or row,
/// and all but one would lose, roll back and retry; in turn they each succeed the first time. Keys
/// nobody holds or waits for take no memory. Correctness never depends on it: other processes still race.
/// </summary>
public sealed class PartitionGate
{
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>Waits for <paramref name="key"/>; disposing the result lets the next holder in.</summary>
    public async ValueTask<IDisposable> EnterAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        Entry entry;
        lock (entries)
        {
            if (!entries.TryGetValue(key, out entry!))
            {
                entries[key] = entry = new Entry(key);
            }

            entry.Users++;
        }

        try
        {
            await entry.Turn.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(entry, held: false);
            throw;
        }

        return new Holder(this, entry);
    }

    /// <summary>Keys held or waited for (for tests: a gate must not grow with the keys it has seen).</summary>
    public int Count
    {
        get
        {
            lock (entries)
            {
                return entries.Count;
            }
        }
    }

    private void Leave(Entry entry, bool held)
    {
        lock (entries)
        {
            if (held)
            {
                entry.Turn.Release();
            }

            if (--entry.Users == 0)
            {
                entries.Remove(entry.Key);
            }
        }
    }

    private sealed class Entry(string key)
    {
        public string Key { get; } = key;

        public SemaphoreSlim Turn { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Holder(PartitionGate gate, Entry entry) : IDisposable
    {
        private int left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref left, 1) == 0)
            {
                gate.Leave(entry, held: true);
            }
        }
    }
}
