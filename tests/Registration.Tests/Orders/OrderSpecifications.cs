using Infrastructure;
using Registration.Contracts;
using Registration.Contracts.Events;
using Registration.Orders;
using Registration.Pricing;
using Registration.Tests.Fakes;

namespace Registration.Tests.Orders;

/// <summary>Shared facts of the order specifications.</summary>
internal static class OrderData
{
    public static readonly Guid OrderId = Guid.Parse("8a3b1c8e-0000-4000-8000-000000000001");
    public static readonly Guid ConferenceId = Guid.Parse("8a3b1c8e-0000-4000-8000-0000000000c0");
    public static readonly Guid General = Guid.Parse("8a3b1c8e-0000-4000-8000-00000000000a");
    public static readonly Guid Workshop = Guid.Parse("8a3b1c8e-0000-4000-8000-00000000000b");
    public static readonly DateTimeOffset Expiration = TestClock.Start + Order.ReservationAutoExpiration;

    public static OrderTotal Totals(params (Guid SeatType, int Quantity)[] seats)
    {
        var lines = seats.Select(s => new OrderLine(s.SeatType, Name(s.SeatType), Price(s.SeatType), s.Quantity, Price(s.SeatType) * s.Quantity)).ToArray();
        return new OrderTotal(lines.Sum(l => l.LineTotal), lines);
    }

    public static OrderTotalsCalculated TotalsCalculated(params (Guid SeatType, int Quantity)[] seats)
    {
        var totals = Totals(seats);
        return new OrderTotalsCalculated(totals.Total, totals.Lines, totals.IsFreeOfCharge);
    }

    public static OrderPlaced Placed(params SeatQuantity[] seats) => new(ConferenceId, seats, Expiration, "ABC234");

    public static Order Given(params Infrastructure.Messaging.VersionedEvent[] history) =>
        Order.Rehydrate(OrderId, history.Select((e, i) => e with { SourceId = OrderId, Version = i + 1 }));

    private static string Name(Guid seatType) => seatType == General ? "General admission" : "Workshop";

    private static decimal Price(Guid seatType) => seatType == General ? 100m : 25.50m;
}

public class given_no_order
{
    private readonly TestClock clock = new();

    [Fact]
    public void when_placing_an_order_then_it_is_placed_with_its_seats_and_a_15_minute_reservation()
    {
        var order = new Order(OrderData.OrderId, OrderData.ConferenceId, [new(OrderData.General, 2)], OrderData.Totals((OrderData.General, 2)), clock);

        var placed = Assert.IsType<OrderPlaced>(order.PendingEvents[0]);
        Assert.Equal(OrderData.OrderId, placed.SourceId);
        Assert.Equal(1, placed.Version);
        Assert.Equal(OrderData.ConferenceId, placed.ConferenceId);
        Assert.Equal([new SeatQuantity(OrderData.General, 2)], placed.Seats);
        Assert.Equal(clock.Now.AddMinutes(15), placed.ReservationAutoExpiration);
    }

    [Fact]
    public void when_placing_an_order_then_its_totals_are_calculated_at_once()
    {
        var order = new Order(OrderData.OrderId, OrderData.ConferenceId, [new(OrderData.General, 2), new(OrderData.Workshop, 1)], OrderData.Totals((OrderData.General, 2), (OrderData.Workshop, 1)), clock);

        Assert.Equal(2, order.PendingEvents.Count);
        var totals = Assert.IsType<OrderTotalsCalculated>(order.PendingEvents[1]);
        Assert.Equal(225.50m, totals.Total);
        Assert.False(totals.IsFreeOfCharge);
        Assert.Equal(
            [new OrderLine(OrderData.General, "General admission", 100m, 2, 200m), new OrderLine(OrderData.Workshop, "Workshop", 25.50m, 1, 25.50m)],
            totals.Lines);
    }

    [Fact]
    public void when_placing_an_order_of_free_seats_then_it_is_free_of_charge()
    {
        var order = new Order(OrderData.OrderId, OrderData.ConferenceId, [new(OrderData.General, 1)], new OrderTotal(0m, [new OrderLine(OrderData.General, "Free", 0m, 1, 0m)]), clock);

        var totals = Assert.IsType<OrderTotalsCalculated>(order.PendingEvents[1]);
        Assert.Equal(0m, totals.Total);
        Assert.True(totals.IsFreeOfCharge);
    }

    [Fact]
    public void when_placing_orders_then_each_gets_a_6_character_access_code_that_cannot_be_guessed_from_another()
    {
        var codes = Enumerable.Range(0, 200)
            .Select(_ => ((OrderPlaced)new Order(Guid.NewGuid(), OrderData.ConferenceId, [new(OrderData.General, 1)], OrderData.Totals((OrderData.General, 1)), clock).PendingEvents[0]).AccessCode)
            .ToList();

        Assert.All(codes, code => Assert.Matches("^[A-Z2-9]{6}$", code));
        Assert.True(codes.Distinct().Count() > 190, "access codes repeat far more than chance allows");
    }

    [Fact]
    public void when_placing_an_order_with_a_negative_quantity_then_it_is_refused()
    {
        Assert.Throws<BusinessRuleViolationException>(() => new Order(OrderData.OrderId, OrderData.ConferenceId, [new(OrderData.General, -1)], OrderData.Totals(), clock));
    }
}

public class given_a_placed_order
{
    private readonly Order order = OrderData.Given(
        OrderData.Placed(new SeatQuantity(OrderData.General, 2), new(OrderData.Workshop, 1)),
        OrderData.TotalsCalculated((OrderData.General, 2), (OrderData.Workshop, 1)));

    [Fact]
    public void when_updating_the_seats_then_the_order_is_updated_and_priced_again()
    {
        order.UpdateSeats([new(OrderData.General, 3)], OrderData.Totals((OrderData.General, 3)), RegistrationOptions.DefaultExpirationBuffer);

        Messages.AssertEqual(
            [new OrderUpdated([new(OrderData.General, 3)]), OrderData.TotalsCalculated((OrderData.General, 3))],
            order.PendingEvents);
        Assert.Equal([3, 4], order.PendingEvents.Select(e => e.Version));
    }

    [Fact]
    public void when_every_seat_is_reserved_then_the_reservation_is_completed_and_the_totals_stand()
    {
        var expiration = OrderData.Expiration.AddMinutes(-1);

        order.MarkAsReserved(expiration, [new(OrderData.Workshop, 1), new(OrderData.General, 2)], OrderData.Totals((OrderData.General, 2), (OrderData.Workshop, 1)), RegistrationOptions.DefaultExpirationBuffer);

        Messages.AssertEqual([new OrderReservationCompleted(expiration, [new(OrderData.Workshop, 1), new(OrderData.General, 2)])], order.PendingEvents);
    }

    [Fact]
    public void when_fewer_seats_are_reserved_then_the_order_is_partially_reserved_and_priced_on_the_reserved_seats()
    {
        order.MarkAsReserved(OrderData.Expiration, [new(OrderData.General, 1), new(OrderData.Workshop, 1)], OrderData.Totals((OrderData.General, 1), (OrderData.Workshop, 1)), RegistrationOptions.DefaultExpirationBuffer);

        Messages.AssertEqual(
            [
                new OrderPartiallyReserved(OrderData.Expiration, [new(OrderData.General, 1), new(OrderData.Workshop, 1)]),
                OrderData.TotalsCalculated((OrderData.General, 1), (OrderData.Workshop, 1)),
            ],
            order.PendingEvents);
    }

    [Fact]
    public void when_a_seat_type_got_no_seats_then_the_order_is_partially_reserved()
    {
        order.MarkAsReserved(OrderData.Expiration, [new(OrderData.General, 2)], OrderData.Totals((OrderData.General, 2)), RegistrationOptions.DefaultExpirationBuffer);

        Assert.IsType<OrderPartiallyReserved>(order.PendingEvents[0]);
    }

    [Fact]
    public void when_the_same_reservation_is_marked_twice_then_it_is_recorded_once()
    {
        var seats = new SeatQuantity[] { new(OrderData.General, 2), new(OrderData.Workshop, 1) };
        order.MarkAsReserved(OrderData.Expiration, seats, OrderData.Totals((OrderData.General, 2), (OrderData.Workshop, 1)), RegistrationOptions.DefaultExpirationBuffer);

        order.MarkAsReserved(OrderData.Expiration, seats.Reverse(), OrderData.Totals((OrderData.General, 2), (OrderData.Workshop, 1)), RegistrationOptions.DefaultExpirationBuffer);

        Assert.Single(order.PendingEvents);
    }

    [Fact]
    public void when_assigning_the_registrant_then_the_registrant_is_assigned()
    {
        order.AssignRegistrant("Ada", "Lovelace", "ada@example.org");

        Messages.AssertEqual([new OrderRegistrantAssigned("Ada", "Lovelace", "ada@example.org")], order.PendingEvents);
    }

    [Fact]
    public void when_assigning_the_same_registrant_again_then_nothing_changes()
    {
        order.AssignRegistrant("Ada", "Lovelace", "ada@example.org");
        order.AssignRegistrant("Ada", "Lovelace", "ada@example.org");

        Assert.Single(order.PendingEvents);
    }

    [Theory]
    [InlineData("", "Lovelace", "ada@example.org")]
    [InlineData("Ada", " ", "ada@example.org")]
    [InlineData("Ada", "Lovelace", "")]
    [InlineData("Ada", "Lovelace", "not an email")]
    [InlineData("Ada", "Lovelace", "Ada <ada@example.org>")]
    public void when_assigning_incomplete_or_invalid_registrant_details_then_they_are_refused(string firstName, string lastName, string email)
    {
        Assert.Throws<BusinessRuleViolationException>(() => order.AssignRegistrant(firstName, lastName, email));
        Assert.Empty(order.PendingEvents);
    }

    [Fact]
    public void when_expiring_then_the_order_is_expired_once()
    {
        order.Expire();
        order.Expire();

        Messages.AssertEqual([new OrderExpired()], order.PendingEvents);
    }

    [Fact]
    public void when_confirming_then_the_order_is_confirmed_once()
    {
        order.Confirm();
        order.Confirm();

        Messages.AssertEqual([new OrderConfirmed()], order.PendingEvents);
        Assert.True(order.IsConfirmed);
    }

    [Fact]
    public void when_creating_seat_assignments_before_confirmation_then_it_is_refused()
    {
        Assert.Throws<BusinessRuleViolationException>(() => order.CreateSeatAssignments());
    }
}

public class given_an_order_updated_after_its_reservation
{
    private readonly Order order = OrderData.Given(
        OrderData.Placed(new SeatQuantity(OrderData.General, 2)),
        OrderData.TotalsCalculated((OrderData.General, 2)),
        new OrderReservationCompleted(OrderData.Expiration, [new(OrderData.General, 2)]),
        new OrderUpdated([new(OrderData.General, 2)]),
        OrderData.TotalsCalculated((OrderData.General, 2)));

    [Fact]
    public void when_the_same_seats_are_reserved_again_then_the_new_reservation_is_recorded()
    {
        order.MarkAsReserved(OrderData.Expiration, [new(OrderData.General, 2)], OrderData.Totals((OrderData.General, 2)), RegistrationOptions.DefaultExpirationBuffer);

        Messages.AssertEqual([new OrderReservationCompleted(OrderData.Expiration, [new(OrderData.General, 2)])], order.PendingEvents);
    }
}

public class given_a_partially_reserved_order
{
    private readonly Order order = OrderData.Given(
        OrderData.Placed(new SeatQuantity(OrderData.General, 5)),
        OrderData.TotalsCalculated((OrderData.General, 5)),
        new OrderPartiallyReserved(OrderData.Expiration, [new(OrderData.General, 3)]),
        OrderData.TotalsCalculated((OrderData.General, 3)));

    [Fact]
    public void when_confirmed_then_the_seat_assignments_have_only_the_reserved_seats()
    {
        order.Confirm();

        var assignments = order.CreateSeatAssignments();

        var created = Assert.IsType<SeatAssignmentsCreated>(Assert.Single(assignments.PendingEvents));
        Assert.Equal(3, created.Seats.Count);
    }
}

public class given_a_confirmed_order
{
    private static readonly SeatQuantity[] Reserved = [new(OrderData.General, 2), new(OrderData.Workshop, 1)];

    private readonly Order order = OrderData.Given(
        OrderData.Placed(Reserved),
        OrderData.TotalsCalculated((OrderData.General, 2), (OrderData.Workshop, 1)),
        new OrderReservationCompleted(OrderData.Expiration, Reserved),
        new OrderRegistrantAssigned("Ada", "Lovelace", "ada@example.org"),
        new OrderConfirmed());

    [Fact]
    public void when_updating_the_seats_then_it_is_refused()
    {
        var ex = Assert.Throws<BusinessRuleViolationException>(() => order.UpdateSeats([new(OrderData.General, 1)], OrderData.Totals((OrderData.General, 1)), RegistrationOptions.DefaultExpirationBuffer));
        Assert.Equal("Cannot modify a confirmed order.", ex.Message);
    }

    [Fact]
    public void when_marking_another_reservation_then_it_is_refused()
    {
        var ex = Assert.Throws<BusinessRuleViolationException>(() => order.MarkAsReserved(OrderData.Expiration, [new(OrderData.General, 1)], OrderData.Totals((OrderData.General, 1)), RegistrationOptions.DefaultExpirationBuffer));
        Assert.Equal("Cannot modify a confirmed order.", ex.Message);
    }

    [Fact]
    public void when_the_reservation_it_already_has_is_marked_again_then_nothing_changes()
    {
        order.MarkAsReserved(OrderData.Expiration, Reserved, OrderData.Totals((OrderData.General, 2), (OrderData.Workshop, 1)), RegistrationOptions.DefaultExpirationBuffer);

        Assert.Empty(order.PendingEvents);
    }

    [Fact]
    public void when_expiring_then_it_is_refused()
    {
        var ex = Assert.Throws<BusinessRuleViolationException>(order.Expire);
        Assert.Equal("Cannot modify a confirmed order.", ex.Message);
    }

    [Fact]
    public void when_assigning_another_registrant_then_it_is_refused()
    {
        var ex = Assert.Throws<BusinessRuleViolationException>(() => order.AssignRegistrant("Grace", "Hopper", "grace@example.org"));
        Assert.Equal("Cannot modify a confirmed order.", ex.Message);
    }

    [Fact]
    public void when_confirming_again_then_nothing_changes()
    {
        order.Confirm();

        Assert.Empty(order.PendingEvents);
    }

    [Fact]
    public void when_creating_seat_assignments_then_there_is_one_position_per_seat_and_they_share_the_order_id()
    {
        var assignments = order.CreateSeatAssignments();

        Assert.Equal(OrderData.OrderId, assignments.Id);
        Messages.AssertEqual(
            [
                new SeatAssignmentsCreated(OrderData.OrderId, [new(0, OrderData.General), new(1, OrderData.General), new(2, OrderData.Workshop)]),
            ],
            assignments.PendingEvents);
    }
}

public class given_an_expired_order
{
    private readonly Order order = OrderData.Given(
        OrderData.Placed(new SeatQuantity(OrderData.General, 1)),
        OrderData.TotalsCalculated((OrderData.General, 1)),
        new OrderExpired());

    [Fact]
    public void when_confirming_then_it_is_refused_because_its_seats_were_released()
    {
        var ex = Assert.Throws<BusinessRuleViolationException>(order.Confirm);
        Assert.Equal("Cannot confirm an expired order.", ex.Message);
        Assert.Empty(order.PendingEvents);
    }
}
