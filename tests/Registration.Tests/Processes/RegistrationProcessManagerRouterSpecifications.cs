using Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Registration.Contracts.Commands;
using Registration.Process;
using Registration.Tests.Fakes;
using static Registration.Tests.Processes.ProcessData;

namespace Registration.Tests.Processes;

public class given_the_registration_process_router
{
    private readonly InMemoryBus bus = new();
    private readonly FakeProcessManagerDataContext<RegistrationProcessManager> context;
    private readonly TestClock clock = new();
    private readonly RegistrationProcessManagerRouter router;

    public given_the_registration_process_router()
    {
        context = new FakeProcessManagerDataContext<RegistrationProcessManager>(bus);
        router = new RegistrationProcessManagerRouter(context, clock, NullLogger<RegistrationProcessManagerRouter>.Instance, new RegistrationOptions());
    }

    private RegistrationProcessManager Process => Assert.Single(context.All);

    [Fact]
    public async Task when_an_order_is_placed_then_a_process_with_the_order_id_is_saved_and_its_commands_sent()
    {
        await router.HandleAsync(Placed(), CancellationToken.None);

        Assert.Equal(OrderId, Process.Id);
        Assert.Equal(ProcessState.AwaitingReservationConfirmation, Process.State);
        Assert.Equal([typeof(MakeSeatReservation), typeof(ExpireRegistrationProcess)], bus.Commands.Select(c => c.Body.GetType()));
    }

    [Fact]
    public async Task when_the_order_placed_is_delivered_twice_then_there_is_still_one_process_and_one_set_of_commands()
    {
        await router.HandleAsync(Placed(), CancellationToken.None);
        await router.HandleAsync(Placed(), CancellationToken.None);

        Assert.Equal(ProcessState.AwaitingReservationConfirmation, Process.State);
        Assert.Equal(2, bus.Commands.Count);
    }

    [Fact]
    public async Task when_the_order_placed_is_delivered_again_after_the_process_completed_then_no_process_starts()
    {
        await router.HandleAsync(Placed(), CancellationToken.None);
        await router.HandleAsync(new ExpireRegistrationProcess(OrderId) { Id = Process.ExpirationCommandId }, CancellationToken.None);

        await router.HandleAsync(Placed(), CancellationToken.None);

        Assert.True(Process.Completed);
        Assert.Equal(4, bus.Commands.Count);
    }

    [Fact]
    public async Task when_two_deliveries_of_the_order_placed_race_then_only_one_process_is_saved()
    {
        var first = new RegistrationProcessManager(OrderId);
        var second = new RegistrationProcessManager(OrderId);
        first.Handle(Placed(), clock.GetUtcNow(), RegistrationOptions.DefaultExpirationBuffer);
        second.Handle(Placed(), clock.GetUtcNow(), RegistrationOptions.DefaultExpirationBuffer);

        await context.SaveAsync(first, CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => context.SaveAsync(second, CancellationToken.None));
        Assert.Single(context.All);
    }

    [Fact]
    public async Task when_an_order_update_overtakes_its_order_placed_then_it_fails_so_it_is_redelivered_later()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => router.HandleAsync(Updated(), CancellationToken.None));
    }

    [Fact]
    public async Task when_the_seats_reserved_answer_the_last_reservation_command_then_the_order_is_marked_as_reserved()
    {
        await router.HandleAsync(Placed(), CancellationToken.None);

        await router.HandleAsync(Reserved(Process.SeatReservationCommandId), CancellationToken.None);

        Assert.IsType<MarkSeatsAsReserved>(bus.Commands[^1].Body);
        Assert.Equal(ProcessState.ReservationConfirmationReceived, Process.State);
    }

    [Fact]
    public async Task when_seats_reserved_belong_to_no_process_then_they_are_ignored()
    {
        await router.HandleAsync(Reserved(Guid.NewGuid()), CancellationToken.None);

        Assert.Empty(context.All);
        Assert.Empty(bus.Commands);
    }

    [Fact]
    public async Task when_the_payment_completes_then_the_order_is_confirmed_and_then_the_seats_committed()
    {
        await router.HandleAsync(Placed(), CancellationToken.None);
        await router.HandleAsync(Reserved(Process.SeatReservationCommandId), CancellationToken.None);

        await router.HandleAsync(Paid(), CancellationToken.None);
        await router.HandleAsync(Confirmed(), CancellationToken.None);

        Assert.Equal([typeof(ConfirmOrder), typeof(CommitSeatReservation)], bus.Commands.TakeLast(2).Select(c => c.Body.GetType()));
        Assert.True(Process.Completed);
    }

    [Fact]
    public async Task when_messages_arrive_for_a_completed_process_then_they_are_ignored()
    {
        await router.HandleAsync(Placed(), CancellationToken.None);
        await router.HandleAsync(Reserved(Process.SeatReservationCommandId), CancellationToken.None);
        var expiration = Process.ExpirationCommandId;
        await router.HandleAsync(Confirmed(), CancellationToken.None);
        var sent = bus.Commands.Count;

        await router.HandleAsync(Updated(), CancellationToken.None);
        await router.HandleAsync(Paid(), CancellationToken.None);
        await router.HandleAsync(Confirmed(), CancellationToken.None);
        await router.HandleAsync(Reserved(Process.SeatReservationCommandId), CancellationToken.None);
        await router.HandleAsync(new ExpireRegistrationProcess(OrderId) { Id = expiration }, CancellationToken.None);

        Assert.Equal(sent, bus.Commands.Count);
    }

    [Fact]
    public async Task when_the_expiration_arrives_then_the_order_is_rejected_and_its_seats_released()
    {
        await router.HandleAsync(Placed(), CancellationToken.None);

        await router.HandleAsync(new ExpireRegistrationProcess(OrderId) { Id = Process.ExpirationCommandId }, CancellationToken.None);

        AssertRejectedAndReleased(bus.Commands.Skip(2).ToList());
    }

    [Fact]
    public async Task when_an_expiration_names_no_known_process_then_it_is_ignored()
    {
        await router.HandleAsync(new ExpireRegistrationProcess(Guid.NewGuid()), CancellationToken.None);

        Assert.Empty(bus.Commands);
    }

    [Fact]
    public async Task when_two_messages_change_the_process_from_the_same_version_then_the_second_save_conflicts()
    {
        await router.HandleAsync(Placed(), CancellationToken.None);
        var first = await context.FindAsync(OrderId, CancellationToken.None);
        var second = await context.FindAsync(OrderId, CancellationToken.None);
        first!.Handle(Reserved(first.SeatReservationCommandId));
        second!.Handle(Updated(), clock.GetUtcNow());

        await context.SaveAsync(first, CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => context.SaveAsync(second, CancellationToken.None));
        Assert.Equal(ProcessState.ReservationConfirmationReceived, Process.State);
    }
}
