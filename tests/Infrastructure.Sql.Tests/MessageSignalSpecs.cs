using Infrastructure.Sql.Messaging;

namespace Infrastructure.Sql.Tests;

/// <summary>
/// A receiver waits for a pulse its subscription's filter takes: pulses of other types pass it by, a
/// pulse that names no types (an abandon, another process's sends) always wakes it, and no pulse is
/// missed between taking the signal and waiting on it.
/// </summary>
public sealed class MessageSignalSpecs
{
    private static readonly Func<string, bool> TakesOrderPlaced = type => type == "OrderPlaced";

    private static readonly Task Never = new TaskCompletionSource().Task;

    [Fact]
    public async Task given_a_waiter_for_one_type_when_other_types_are_pulsed_then_it_waits_on_and_wakes_for_its_own()
    {
        var signal = new MessageSignal();
        var taken = signal.Next;
        signal.Pulse(["SeatsReserved"]);
        signal.Pulse(["OrderUpdated", "OrderConfirmed"]);

        // Both pulses are already complete, so the wait walks past them at once and is left waiting.
        var waiting = taken.WaitForAsync(TakesOrderPlaced, Never);
        Assert.False(waiting.IsCompleted);

        signal.Pulse(["OrderPlaced"]);
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task given_a_waiter_when_a_pulse_names_no_types_then_it_wakes()
    {
        var signal = new MessageSignal();
        var waiting = signal.Next.WaitForAsync(TakesOrderPlaced, Never);

        signal.Pulse(null);

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task given_the_signal_taken_before_a_look_when_a_pulse_comes_before_the_wait_then_the_wait_ends_at_once()
    {
        var signal = new MessageSignal();
        var taken = signal.Next;

        signal.Pulse(["SeatsReserved"]);
        signal.Pulse(["OrderPlaced"]);

        var waiting = taken.WaitForAsync(TakesOrderPlaced, Never);
        Assert.True(waiting.IsCompletedSuccessfully);
        await waiting;
    }

    [Fact]
    public async Task given_a_waiter_when_it_gives_up_then_it_stops_waiting_without_a_pulse_it_takes()
    {
        var signal = new MessageSignal();
        var giveUp = new TaskCompletionSource();
        var waiting = signal.Next.WaitForAsync(TakesOrderPlaced, giveUp.Task);

        signal.Pulse(["SeatsReserved"]);
        giveUp.SetResult();

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void given_a_send_of_types_when_its_notification_is_read_back_then_it_names_the_topic_and_the_types(int types)
    {
        var names = Enumerable.Range(1, types).Select(i => $"Type{i}").ToArray();

        var (topic, typeNames) = PostgresNotificationListener.ParsePayload(PostgresNotificationListener.Payload("conference/events", names));

        Assert.Equal("conference/events", topic);
        Assert.Equal(names, typeNames);
    }

    [Fact]
    public void given_more_types_than_a_notification_holds_when_it_is_read_back_then_it_names_the_topic_alone_and_wakes_every_receiver()
    {
        var names = Enumerable.Range(1, 400).Select(i => $"Registration.Contracts.Events.SomeLongEventName{i}").ToArray();

        var (topic, typeNames) = PostgresNotificationListener.ParsePayload(PostgresNotificationListener.Payload("conference/events", names));

        Assert.Equal("conference/events", topic);
        Assert.Null(typeNames);
    }
}
