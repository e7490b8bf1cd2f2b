using Infrastructure.Messaging;

namespace Infrastructure.Tests;

public sealed class PartitionGateSpecs
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly PartitionGate gate = new();

    [Fact]
    public async Task given_a_partition_held_when_another_enters_it_then_it_waits_until_the_holder_leaves()
    {
        var first = await gate.EnterAsync("conference-1", default);

        var second = gate.EnterAsync("conference-1", default).AsTask();
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(Wait)).Dispose();
    }

    [Fact]
    public async Task given_a_partition_held_when_another_partition_is_entered_then_it_goes_in_at_once()
    {
        using var first = await gate.EnterAsync("order-1", default);

        var other = gate.EnterAsync("order-2", default);

        Assert.True(other.IsCompleted);
        (await other).Dispose();
    }

    [Fact]
    public async Task when_holders_and_waiters_have_left_then_the_gate_keeps_nothing_and_leaving_twice_changes_nothing()
    {
        var first = await gate.EnterAsync("order-1", default);
        using var stop = new CancellationTokenSource();
        var cancelled = gate.EnterAsync("order-1", stop.Token).AsTask();
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        first.Dispose();
        first.Dispose();

        Assert.Equal(0, gate.Count);
        using var again = await gate.EnterAsync("order-1", default);
        Assert.Equal(1, gate.Count);
    }
}
