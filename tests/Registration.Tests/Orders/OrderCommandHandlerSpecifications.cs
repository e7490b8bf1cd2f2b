using Infrastructure;
using Infrastructure.EventSourcing;
using Registration.Contracts;
using Registration.Contracts.Commands;
using Registration.Contracts.Events;
using Registration.Orders;
using Registration.Pricing;
using Registration.Tests.Fakes;

namespace Registration.Tests.Orders;

public class given_the_order_command_handler
{
    private readonly FakeEventSourcedRepository<Order> orders = new();
    private readonly OrderCommandHandler handler;

    public given_the_order_command_handler()
    {
        var prices = new FakeSeatTypePrices()
            .Add(OrderData.ConferenceId, OrderData.General, "General admission", 100m)
            .Add(OrderData.ConferenceId, OrderData.Workshop, "Workshop", 25.50m);
        handler = new OrderCommandHandler(orders, new PricingService(prices), new TestClock());
    }

    [Fact]
    public async Task given_a_shorter_reservation_window_in_the_settings_when_registering_then_the_seats_are_held_that_long()
    {
        var clock = new TestClock();
        var prices = new FakeSeatTypePrices().Add(OrderData.ConferenceId, OrderData.General, "General admission", 100m);
        var shortWindow = new OrderCommandHandler(orders, new PricingService(prices), clock, new RegistrationOptions { ReservationWindow = TimeSpan.FromSeconds(20) });

        await shortWindow.HandleAsync(new RegisterToConference(OrderData.OrderId, OrderData.ConferenceId, [new(OrderData.General, 1)]), CancellationToken.None);

        var placed = Assert.IsType<OrderPlaced>(orders.Events(OrderData.OrderId)[0]);
        Assert.Equal(clock.GetUtcNow().AddSeconds(20), placed.ReservationAutoExpiration);
    }

    [Fact]
    public async Task when_registering_to_a_conference_then_a_priced_order_is_placed_under_the_command_id()
    {
        var command = new RegisterToConference(OrderData.OrderId, OrderData.ConferenceId, [new(OrderData.General, 2)]);

        await handler.HandleAsync(command, CancellationToken.None);

        var events = orders.Events(OrderData.OrderId);
        Assert.Collection(
            events,
            e => Assert.IsType<OrderPlaced>(e),
            e => Assert.Equal(200m, Assert.IsType<OrderTotalsCalculated>(e).Total));
        Assert.All(orders.CorrelationIds(OrderData.OrderId), id => Assert.Equal(command.Id.ToString(), id));
    }

    [Fact]
    public async Task when_registering_again_for_the_same_order_then_the_order_is_updated_and_priced_again()
    {
        await handler.HandleAsync(new RegisterToConference(OrderData.OrderId, OrderData.ConferenceId, [new(OrderData.General, 2)]), CancellationToken.None);

        await handler.HandleAsync(new RegisterToConference(OrderData.OrderId, OrderData.ConferenceId, [new(OrderData.Workshop, 1)]), CancellationToken.None);

        Messages.AssertEqual(
            [new OrderUpdated([new(OrderData.Workshop, 1)]), OrderData.TotalsCalculated((OrderData.Workshop, 1))],
            orders.Events(OrderData.OrderId).Skip(2));
    }

    [Fact]
    public async Task when_marking_seats_as_reserved_then_a_partial_reservation_is_priced_on_the_reserved_seats()
    {
        orders.Given(OrderData.OrderId, OrderData.Placed(new SeatQuantity(OrderData.General, 4)), OrderData.TotalsCalculated((OrderData.General, 4)));

        await handler.HandleAsync(new MarkSeatsAsReserved(OrderData.OrderId, [new(OrderData.General, 3)], OrderData.Expiration), CancellationToken.None);

        Messages.AssertEqual(
            [new OrderPartiallyReserved(OrderData.Expiration, [new(OrderData.General, 3)]), OrderData.TotalsCalculated((OrderData.General, 3))],
            orders.Events(OrderData.OrderId).Skip(2));
    }

    [Fact]
    public async Task when_rejecting_an_order_that_does_not_exist_then_nothing_happens()
    {
        await handler.HandleAsync(new RejectOrder(OrderData.OrderId), CancellationToken.None);

        Assert.Empty(orders.Events(OrderData.OrderId));
    }

    [Fact]
    public async Task when_rejecting_an_order_twice_then_it_expires_once()
    {
        orders.Given(OrderData.OrderId, OrderData.Placed(new SeatQuantity(OrderData.General, 1)), OrderData.TotalsCalculated((OrderData.General, 1)));

        await handler.HandleAsync(new RejectOrder(OrderData.OrderId), CancellationToken.None);
        await handler.HandleAsync(new RejectOrder(OrderData.OrderId), CancellationToken.None);

        Assert.Single(orders.Events(OrderData.OrderId).OfType<OrderExpired>());
    }

    [Fact]
    public async Task when_assigning_registrant_details_then_they_are_recorded()
    {
        orders.Given(OrderData.OrderId, OrderData.Placed(new SeatQuantity(OrderData.General, 1)), OrderData.TotalsCalculated((OrderData.General, 1)));

        await handler.HandleAsync(new AssignRegistrantDetails(OrderData.OrderId, "Ada", "Lovelace", "ada@example.org"), CancellationToken.None);

        Messages.AssertEqual([new OrderRegistrantAssigned("Ada", "Lovelace", "ada@example.org")], orders.Events(OrderData.OrderId).Skip(2));
    }

    [Fact]
    public async Task when_a_confirmation_is_delivered_twice_then_the_order_is_confirmed_once()
    {
        orders.Given(OrderData.OrderId, OrderData.Placed(new SeatQuantity(OrderData.General, 1)), OrderData.TotalsCalculated((OrderData.General, 1)));
        var command = new ConfirmOrder(OrderData.OrderId);

        await handler.HandleAsync(command, CancellationToken.None);
        await handler.HandleAsync(command, CancellationToken.None);

        Assert.Single(orders.Events(OrderData.OrderId).OfType<OrderConfirmed>());
    }

    [Fact]
    public async Task when_two_commands_change_the_same_order_from_the_same_version_then_the_second_save_conflicts()
    {
        orders.Given(OrderData.OrderId, OrderData.Placed(new SeatQuantity(OrderData.General, 1)), OrderData.TotalsCalculated((OrderData.General, 1)));
        var first = await orders.GetAsync(OrderData.OrderId, CancellationToken.None);
        var second = await orders.GetAsync(OrderData.OrderId, CancellationToken.None);
        first.Confirm();
        second.Expire();

        await orders.SaveAsync(first, null, CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => orders.SaveAsync(second, null, CancellationToken.None));
        Assert.IsType<OrderConfirmed>(orders.Events(OrderData.OrderId)[^1]);
    }
}
