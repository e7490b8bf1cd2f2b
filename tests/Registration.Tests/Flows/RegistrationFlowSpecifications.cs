using Infrastructure.Messaging;
using Payments.Contracts.Events;
using Registration.Contracts;
using Registration.Contracts.Commands;
using Registration.Contracts.Events;
using Registration.Process;

namespace Registration.Tests.Flows;

public class given_a_conference_with_seats_for_sale
{
    private static readonly Guid ConferenceId = Guid.NewGuid();
    private static readonly Guid Paid = Guid.NewGuid();
    private static readonly Guid Free = Guid.NewGuid();
    private readonly Guid orderId = Guid.NewGuid();
    private readonly RegistrationFlow flow = new();

    public given_a_conference_with_seats_for_sale()
    {
        flow.Prices.Add(ConferenceId, Paid, "General admission", 120m).Add(ConferenceId, Free, "Community pass", 0m);
    }

    private RegistrationProcessManager Process => Assert.Single(flow.Processes.All);

    private async Task GivenCapacity(int paid, int free)
    {
        await flow.SendAsync(new AddSeats(ConferenceId, Paid, paid));
        await flow.SendAsync(new AddSeats(ConferenceId, Free, free));
    }

    private IReadOnlyList<IVersionedEvent> OrderEvents => flow.Orders.Events(orderId);

    private IReadOnlyList<IVersionedEvent> AvailabilityEvents => flow.Availability.Events(ConferenceId);

    [Fact]
    public async Task when_a_registrant_orders_and_pays_then_the_order_is_confirmed_the_seats_sold_and_assignable()
    {
        await GivenCapacity(paid: 10, free: 0);

        await flow.SendAsync(new RegisterToConference(orderId, ConferenceId, [new(Paid, 2)]));
        await flow.SendAsync(new AssignRegistrantDetails(orderId, "Ada", "Lovelace", "ada@example.org"));
        await flow.PublishAsync(new PaymentCompleted(Guid.NewGuid(), orderId));
        await flow.DeliverScheduledAsync();

        Assert.Equal(
            [typeof(OrderPlaced), typeof(OrderTotalsCalculated), typeof(OrderReservationCompleted), typeof(OrderRegistrantAssigned), typeof(OrderConfirmed)],
            OrderEvents.Select(e => e.GetType()));
        Assert.IsType<SeatsReservationCommitted>(AvailabilityEvents[^1]);
        Assert.Equal(2, Assert.IsType<SeatAssignmentsCreated>(Assert.Single(flow.Assignments.Events(orderId))).Seats.Count);
        Assert.True(Process.Completed);
        Assert.DoesNotContain(flow.Bus.Commands, c => c.Body is RejectOrder or CancelSeatReservation);
    }

    [Fact]
    public async Task when_a_free_order_is_confirmed_without_payment_then_its_seats_are_sold()
    {
        await GivenCapacity(paid: 0, free: 5);
        await flow.SendAsync(new RegisterToConference(orderId, ConferenceId, [new(Free, 1)]));
        Assert.True(OrderEvents.OfType<OrderTotalsCalculated>().Single().IsFreeOfCharge);

        await flow.SendAsync(new ConfirmOrder(orderId));

        Assert.IsType<SeatsReservationCommitted>(AvailabilityEvents[^1]);
        Assert.True(Process.Completed);
    }

    [Fact]
    public async Task when_the_registrant_does_not_pay_in_time_then_the_order_expires_and_the_seats_return()
    {
        await GivenCapacity(paid: 3, free: 0);
        await flow.SendAsync(new RegisterToConference(orderId, ConferenceId, [new(Paid, 3)]));

        await flow.DeliverScheduledAsync();

        Assert.IsType<OrderExpired>(OrderEvents[^1]);
        Assert.Equal(
            [new SeatQuantity(Paid, 3)],
            Assert.IsType<SeatsReservationCancelled>(AvailabilityEvents[^1]).AvailableSeatsChanged);
        Assert.True(Process.Completed);
    }

    [Fact]
    public async Task when_fewer_seats_are_left_than_ordered_then_the_order_is_partially_reserved_and_priced_on_what_it_got()
    {
        await GivenCapacity(paid: 1, free: 0);

        await flow.SendAsync(new RegisterToConference(orderId, ConferenceId, [new(Paid, 3)]));

        Assert.Equal([new SeatQuantity(Paid, 1)], Assert.IsType<OrderPartiallyReserved>(OrderEvents[2]).Seats);
        Assert.Equal(120m, Assert.IsType<OrderTotalsCalculated>(OrderEvents[3]).Total);
    }

    [Fact]
    public async Task when_the_registrant_changes_the_order_then_the_new_seats_are_reserved_and_the_old_reply_is_ignored()
    {
        await GivenCapacity(paid: 10, free: 10);
        await flow.SendAsync(new RegisterToConference(orderId, ConferenceId, [new(Paid, 2)]));
        var firstReply = flow.Bus.Events.Single(e => e.Body is SeatsReserved);

        await flow.SendAsync(new RegisterToConference(orderId, ConferenceId, [new(Paid, 1), new(Free, 2)]));
        await flow.Bus.PublishAsync(firstReply, CancellationToken.None);
        await flow.DrainAsync();

        Assert.Equal(
            [new SeatQuantity(Paid, 1), new SeatQuantity(Free, 2)],
            OrderEvents.OfType<OrderReservationCompleted>().Last().Seats);
        Assert.Equal(2, OrderEvents.OfType<OrderReservationCompleted>().Count());
        Assert.Equal(ProcessState.ReservationConfirmationReceived, Process.State);
    }
}
