using Infrastructure;
using Registration.Contracts;
using Registration.Contracts.Commands;
using Registration.Process;
using static Registration.Tests.Processes.ProcessData;

namespace Registration.Tests.Processes;

public class given_a_registration_process_not_started
{
    private readonly RegistrationProcessManager process = NotStarted();

    [Fact]
    public void when_an_order_is_placed_then_it_reserves_the_seats_and_schedules_its_expiry()
    {
        var commands = CommandsOf(process, () => process.Handle(Placed(), Now, RegistrationOptions.DefaultExpirationBuffer));

        Assert.Equal(ProcessState.AwaitingReservationConfirmation, process.State);
        Assert.False(process.Completed);
        Assert.Equal((OrderId, OrderId, ConferenceId, Expiration), (process.OrderId, process.ReservationId, process.ConferenceId, process.ReservationAutoExpiration));
        Assert.Collection(
            commands,
            c =>
            {
                var reservation = Assert.IsType<MakeSeatReservation>(c.Body);
                Assert.Equal((ConferenceId, OrderId), (reservation.ConferenceId, reservation.ReservationId));
                Assert.Equal(Seats, reservation.Seats);
                Assert.Equal(process.SeatReservationCommandId, reservation.Id);
                Assert.Equal($"SeatsAvailability_{ConferenceId}", c.PartitionKey);
                Assert.Equal(TimeSpan.FromMinutes(15 + 1), c.TimeToLive);
            },
            c =>
            {
                var expiry = Assert.IsType<ExpireRegistrationProcess>(c.Body);
                Assert.Equal(process.Id, expiry.ProcessId);
                Assert.Equal(process.ExpirationCommandId, expiry.Id);
                Assert.Equal(TimeSpan.FromMinutes(15 + 14), c.Delay);
            });
    }

    [Fact]
    public void when_an_order_is_placed_late_then_timings_count_from_the_order_expiration()
    {
        var commands = CommandsOf(process, () => process.Handle(Placed(), Now.AddMinutes(5), RegistrationOptions.DefaultExpirationBuffer));

        Assert.Equal(TimeSpan.FromMinutes(10 + 1), commands[0].TimeToLive);
        Assert.Equal(TimeSpan.FromMinutes(10 + 14), commands[1].Delay);
    }

    [Fact]
    public void when_an_order_is_placed_with_no_expiration_buffer_then_its_seats_are_released_when_the_countdown_ends()
    {
        var commands = CommandsOf(process, () => process.Handle(Placed(), Now, TimeSpan.Zero));

        Assert.Equal(TimeSpan.FromMinutes(15), commands[1].Delay);
    }

    [Fact]
    public void when_an_order_is_placed_after_its_expiration_then_it_is_rejected_and_the_process_completes()
    {
        var commands = CommandsOf(process, () => process.Handle(Placed(Now.AddSeconds(-1)), Now, RegistrationOptions.DefaultExpirationBuffer));

        Assert.Equal(OrderId, Assert.IsType<RejectOrder>(Assert.Single(commands).Body).OrderId);
        Assert.True(process.Completed);
        Assert.Equal(Guid.Empty, process.SeatReservationCommandId);
    }

    [Fact]
    public void when_the_order_is_updated_then_it_fails_retryably_as_the_order_placed_may_still_arrive()
    {
        Assert.Throws<InvalidOperationException>(() => process.Handle(Updated(), Now));
    }

    [Fact]
    public void when_seats_are_reserved_then_it_is_ignored()
    {
        AssertIgnored(process, () => process.Handle(Reserved(Guid.NewGuid())));
    }

    [Fact]
    public void when_a_payment_completes_then_it_fails_retryably_as_the_order_placed_may_still_arrive()
    {
        Assert.Throws<InvalidOperationException>(() => process.Handle(Paid()));
    }

    [Fact]
    public void when_the_order_is_confirmed_then_it_fails_retryably_as_the_order_placed_may_still_arrive()
    {
        Assert.Throws<InvalidOperationException>(() => process.Handle(Confirmed()));
    }

    [Fact]
    public void when_an_expiration_arrives_then_it_is_ignored()
    {
        AssertIgnored(process, () => process.Handle(new ExpireRegistrationProcess(process.Id)));
    }
}

public class given_a_registration_process_awaiting_reservation_confirmation
{
    private readonly RegistrationProcessManager process = AwaitingReservationConfirmation();

    [Fact]
    public void when_the_order_placed_is_delivered_again_then_it_is_ignored()
    {
        AssertIgnored(process, () => process.Handle(Placed(), Now.AddSeconds(10), RegistrationOptions.DefaultExpirationBuffer));
    }

    [Fact]
    public void when_the_order_is_updated_then_the_new_seats_are_reserved_by_a_new_command()
    {
        var first = process.SeatReservationCommandId;
        var expiration = process.ExpirationCommandId;

        var commands = CommandsOf(process, () => process.Handle(Updated(), Now.AddMinutes(2)));

        var envelope = Assert.Single(commands);
        var reservation = Assert.IsType<MakeSeatReservation>(envelope.Body);
        Assert.Equal([new SeatQuantity(SeatType, 5)], reservation.Seats);
        Assert.NotEqual(first, reservation.Id);
        Assert.Equal(reservation.Id, process.SeatReservationCommandId);
        Assert.Equal(TimeSpan.FromMinutes(13 + 1), envelope.TimeToLive);
        Assert.Equal($"SeatsAvailability_{ConferenceId}", envelope.PartitionKey);
        Assert.Equal(ProcessState.AwaitingReservationConfirmation, process.State);
        Assert.Equal(expiration, process.ExpirationCommandId);
    }

    [Fact]
    public void when_the_seats_reserved_answer_the_reservation_command_then_the_order_is_marked_as_reserved()
    {
        var commands = CommandsOf(process, () => process.Handle(Reserved(process.SeatReservationCommandId, new SeatQuantity(SeatType, 2))));

        Assert.Equal(ProcessState.ReservationConfirmationReceived, process.State);
        var mark = Assert.IsType<MarkSeatsAsReserved>(Assert.Single(commands).Body);
        Assert.Equal(OrderId, mark.OrderId);
        Assert.Equal([new SeatQuantity(SeatType, 2)], mark.Seats);
        Assert.Equal(Expiration, mark.Expiration);
    }

    [Fact]
    public void when_seats_reserved_answer_an_earlier_reservation_command_then_they_are_ignored()
    {
        var stale = process.SeatReservationCommandId;
        process.Handle(Updated(), Now);

        AssertIgnored(process, () => process.Handle(Reserved(stale)));
    }

    [Fact]
    public void when_seats_reserved_carry_no_correlation_id_then_they_are_ignored()
    {
        AssertIgnored(process, () => process.Handle(Reserved(process.SeatReservationCommandId) with { CorrelationId = null }));
    }

    [Fact]
    public void when_a_payment_completes_then_it_fails_retryably_as_the_reservation_answer_may_still_arrive()
    {
        Assert.Throws<InvalidOperationException>(() => process.Handle(Paid()));
    }

    [Fact]
    public void when_the_order_is_confirmed_then_it_fails_retryably_as_the_reservation_answer_may_still_arrive()
    {
        Assert.Throws<InvalidOperationException>(() => process.Handle(Confirmed()));
    }

    [Fact]
    public void when_a_payment_that_failed_meanwhile_is_delivered_again_after_the_reservation_answer_then_it_applies()
    {
        Assert.Throws<InvalidOperationException>(() => process.Handle(Paid()));
        process.Handle(Reserved(process.SeatReservationCommandId));

        var commands = CommandsOf(process, () => process.Handle(Paid()));

        Assert.Equal(ProcessState.PaymentConfirmationReceived, process.State);
        Assert.Equal(OrderId, Assert.IsType<ConfirmOrder>(Assert.Single(commands).Body).OrderId);
    }

    [Fact]
    public void when_its_expiration_arrives_then_the_order_is_rejected_and_the_seats_released()
    {
        var commands = CommandsOf(process, () => process.Handle(new ExpireRegistrationProcess(process.Id) { Id = process.ExpirationCommandId }));

        AssertRejectedAndReleased(commands);
        Assert.True(process.Completed);
    }

    [Fact]
    public void when_an_expiration_with_another_id_arrives_then_it_is_ignored()
    {
        AssertIgnored(process, () => process.Handle(new ExpireRegistrationProcess(process.Id)));
    }
}

public class given_a_registration_process_with_its_reservation_confirmed
{
    private readonly RegistrationProcessManager process = ReservationConfirmationReceived();

    [Fact]
    public void when_the_order_placed_is_delivered_again_then_it_is_ignored()
    {
        AssertIgnored(process, () => process.Handle(Placed(), Now, RegistrationOptions.DefaultExpirationBuffer));
    }

    [Fact]
    public void when_the_order_is_updated_then_it_awaits_a_new_reservation()
    {
        var commands = CommandsOf(process, () => process.Handle(Updated(), Now));

        Assert.Equal(ProcessState.AwaitingReservationConfirmation, process.State);
        Assert.Equal(process.SeatReservationCommandId, Assert.IsType<MakeSeatReservation>(Assert.Single(commands).Body).Id);
    }

    [Fact]
    public void when_the_same_seats_reserved_are_delivered_again_then_they_are_ignored()
    {
        AssertIgnored(process, () => process.Handle(Reserved(process.SeatReservationCommandId)));
    }

    [Fact]
    public void when_stale_seats_reserved_arrive_then_they_are_ignored()
    {
        AssertIgnored(process, () => process.Handle(Reserved(Guid.NewGuid())));
    }

    [Fact]
    public void when_the_payment_completes_then_the_order_is_confirmed()
    {
        var commands = CommandsOf(process, () => process.Handle(Paid()));

        Assert.Equal(ProcessState.PaymentConfirmationReceived, process.State);
        Assert.Equal(OrderId, Assert.IsType<ConfirmOrder>(Assert.Single(commands).Body).OrderId);
    }

    [Fact]
    public void when_a_free_order_is_confirmed_without_payment_then_the_seats_are_committed_and_the_process_completes()
    {
        var commands = CommandsOf(process, () => process.Handle(Confirmed()));

        AssertCommitted(commands);
        Assert.True(process.Completed);
        Assert.Equal(Guid.Empty, process.ExpirationCommandId);
    }

    [Fact]
    public void when_its_expiration_arrives_then_the_order_is_rejected_and_the_seats_released()
    {
        var commands = CommandsOf(process, () => process.Handle(new ExpireRegistrationProcess(process.Id) { Id = process.ExpirationCommandId }));

        AssertRejectedAndReleased(commands);
        Assert.True(process.Completed);
    }

    [Fact]
    public void when_an_expiration_with_another_id_arrives_then_it_is_ignored()
    {
        AssertIgnored(process, () => process.Handle(new ExpireRegistrationProcess(process.Id)));
    }
}

public class given_a_registration_process_with_its_payment_received
{
    private readonly RegistrationProcessManager process = PaymentConfirmationReceived();

    [Fact]
    public void when_the_order_placed_is_delivered_again_then_it_is_ignored()
    {
        AssertIgnored(process, () => process.Handle(Placed(), Now, RegistrationOptions.DefaultExpirationBuffer));
    }

    [Fact]
    public void when_the_order_is_updated_then_it_is_refused_as_a_paid_process_never_reserves_again()
    {
        var commands = process.Commands.Count();

        var ex = Assert.Throws<BusinessRuleViolationException>(() => process.Handle(Updated(), Now));

        Assert.Equal("The order cannot be updated once its payment has been received.", ex.Message);
        Assert.Equal((ProcessState.PaymentConfirmationReceived, commands), (process.State, process.Commands.Count()));
    }

    [Fact]
    public void when_seats_reserved_arrive_again_then_they_are_ignored()
    {
        AssertIgnored(process, () => process.Handle(Reserved(process.SeatReservationCommandId)));
    }

    [Fact]
    public void when_the_payment_completed_is_delivered_again_then_it_is_ignored()
    {
        AssertIgnored(process, () => process.Handle(Paid()));
    }

    [Fact]
    public void when_the_order_is_confirmed_then_the_seats_are_committed_and_the_process_completes()
    {
        var commands = CommandsOf(process, () => process.Handle(Confirmed()));

        AssertCommitted(commands);
        Assert.True(process.Completed);
        Assert.Equal(Guid.Empty, process.ExpirationCommandId);
    }

    [Fact]
    public void when_its_expiration_arrives_before_the_confirmation_then_the_order_is_rejected_and_the_seats_released()
    {
        var commands = CommandsOf(process, () => process.Handle(new ExpireRegistrationProcess(process.Id) { Id = process.ExpirationCommandId }));

        AssertRejectedAndReleased(commands);
        Assert.True(process.Completed);
    }
}

public class given_a_registration_process_completed_by_the_order_confirmation
{
    private readonly RegistrationProcessManager process = ReservationConfirmationReceived();
    private readonly Guid expirationCommandId;

    public given_a_registration_process_completed_by_the_order_confirmation()
    {
        expirationCommandId = process.ExpirationCommandId;
        process.Handle(Confirmed());
    }

    [Fact]
    public void when_the_scheduled_expiration_arrives_then_it_is_ignored()
    {
        AssertIgnored(process, () => process.Handle(new ExpireRegistrationProcess(process.Id) { Id = expirationCommandId }));
    }

    [Fact]
    public void when_the_order_placed_is_delivered_again_then_it_is_ignored()
    {
        AssertIgnored(process, () => process.Handle(Placed(), Now, RegistrationOptions.DefaultExpirationBuffer));
    }
}

public class given_a_registration_process_completed_by_its_expiration
{
    private readonly RegistrationProcessManager process = AwaitingReservationConfirmation();
    private readonly ExpireRegistrationProcess expiration;

    public given_a_registration_process_completed_by_its_expiration()
    {
        expiration = new ExpireRegistrationProcess(process.Id) { Id = process.ExpirationCommandId };
        process.Handle(expiration);
    }

    [Fact]
    public void when_the_expiration_is_delivered_again_then_it_is_ignored()
    {
        AssertIgnored(process, () => process.Handle(expiration));
    }

    [Fact]
    public void when_a_payment_completes_then_it_is_refused_as_nothing_it_waits_for_will_arrive()
    {
        Assert.Throws<BusinessRuleViolationException>(() => process.Handle(Paid()));
    }

    [Fact]
    public void when_the_order_is_confirmed_then_it_is_refused_as_nothing_it_waits_for_will_arrive()
    {
        Assert.Throws<BusinessRuleViolationException>(() => process.Handle(Confirmed()));
    }
}

public class given_a_registration_process_completed_at_once_because_the_order_was_placed_after_its_expiration
{
    private readonly RegistrationProcessManager process = NotStarted();

    public given_a_registration_process_completed_at_once_because_the_order_was_placed_after_its_expiration()
    {
        process.Handle(Placed(Now.AddSeconds(-1)), Now, RegistrationOptions.DefaultExpirationBuffer);
    }

    [Fact]
    public void when_the_order_is_updated_then_it_is_refused()
    {
        Assert.Throws<BusinessRuleViolationException>(() => process.Handle(Updated(), Now));
    }
}
