namespace Infrastructure.Conformance;

/// <summary>A clock that stands still until a test moves it, so leases and delays expire when the test says, not when the machine gets round to it.</summary>
public sealed class TestClock : TimeProvider
{
    private long ticks = DateTimeOffset.UtcNow.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);

    /// <summary>Moves the clock just past <paramref name="moment"/> (a lock's or a delay's end).</summary>
    public void AdvancePast(DateTimeOffset moment)
    {
        var behind = moment - GetUtcNow();
        if (behind >= TimeSpan.Zero)
        {
            Advance(behind + TimeSpan.FromMilliseconds(1));
        }
    }
}
