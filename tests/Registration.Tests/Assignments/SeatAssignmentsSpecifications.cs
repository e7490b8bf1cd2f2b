using Infrastructure;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Registration.Assignments;
using Registration.Contracts;
using Registration.Contracts.Commands;
using Registration.Contracts.Events;
using Registration.Orders;
using Registration.Tests.Fakes;

namespace Registration.Tests.Assignments;

internal static class AssignmentData
{
    public static readonly Guid OrderId = Guid.Parse("a551e000-0000-4000-8000-000000000001");
    public static readonly Guid General = Guid.Parse("a551e000-0000-4000-8000-00000000000a");
    public static readonly Guid Workshop = Guid.Parse("a551e000-0000-4000-8000-00000000000b");
    public static readonly PersonalInfo Ada = new("Ada", "Lovelace", "ada@example.org");
    public static readonly PersonalInfo Grace = new("Grace", "Hopper", "grace@example.org");

    public static SeatAssignmentsCreated Created() =>
        new(OrderId, [new(0, General), new(1, General), new(2, Workshop)]);

    public static SeatAssignments Given(params VersionedEvent[] history) =>
        SeatAssignments.Rehydrate(OrderId, history.Select((e, i) => e with { SourceId = OrderId, Version = i + 1 }));
}

public class given_the_seats_of_a_confirmed_order
{
    [Fact]
    public void when_creating_the_seat_assignments_then_each_seat_gets_a_position()
    {
        var assignments = new SeatAssignments(AssignmentData.OrderId, [new(AssignmentData.General, 2), new(AssignmentData.Workshop, 1)]);

        Messages.AssertEqual([AssignmentData.Created()], assignments.PendingEvents);
        Assert.Equal(AssignmentData.OrderId, assignments.Id);
    }
}

public class given_unassigned_seats
{
    private readonly SeatAssignments assignments = AssignmentData.Given(AssignmentData.Created());

    [Fact]
    public void when_assigning_an_attendee_then_the_seat_is_assigned()
    {
        assignments.AssignSeat(2, AssignmentData.Ada);

        Messages.AssertEqual([new SeatAssigned(2, AssignmentData.Workshop, AssignmentData.Ada)], assignments.PendingEvents);
    }

    [Fact]
    public void when_unassigning_a_seat_without_attendee_then_nothing_happens()
    {
        assignments.Unassign(0);

        Assert.Empty(assignments.PendingEvents);
    }

    [Fact]
    public void when_assigning_a_position_the_order_does_not_have_then_it_is_refused()
    {
        Assert.Throws<BusinessRuleViolationException>(() => assignments.AssignSeat(3, AssignmentData.Ada));
        Assert.Throws<BusinessRuleViolationException>(() => assignments.Unassign(-1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("nobody")]
    public void when_assigning_an_attendee_without_a_valid_email_then_it_is_refused(string email)
    {
        Assert.Throws<BusinessRuleViolationException>(() => assignments.AssignSeat(0, AssignmentData.Ada with { Email = email }));
    }
}

public class given_an_assigned_seat
{
    private readonly SeatAssignments assignments = AssignmentData.Given(
        AssignmentData.Created(),
        new SeatAssigned(0, AssignmentData.General, AssignmentData.Ada));

    [Fact]
    public void when_assigning_the_same_attendee_with_another_name_then_the_assignment_is_updated()
    {
        var renamed = AssignmentData.Ada with { FirstName = "Augusta Ada", Email = "ADA@example.org" };

        assignments.AssignSeat(0, renamed);

        Messages.AssertEqual([new SeatAssignmentUpdated(0, renamed)], assignments.PendingEvents);
    }

    [Fact]
    public void when_assigning_the_same_attendee_again_then_nothing_changes()
    {
        assignments.AssignSeat(0, AssignmentData.Ada);

        Assert.Empty(assignments.PendingEvents);
    }

    [Fact]
    public void when_assigning_another_attendee_then_the_first_is_unassigned_and_the_second_assigned()
    {
        assignments.AssignSeat(0, AssignmentData.Grace);

        Messages.AssertEqual(
            [new SeatUnassigned(0), new SeatAssigned(0, AssignmentData.General, AssignmentData.Grace)],
            assignments.PendingEvents);
    }

    [Fact]
    public void when_unassigning_it_then_the_seat_is_free_again()
    {
        assignments.Unassign(0);
        assignments.Unassign(0);
        assignments.AssignSeat(0, AssignmentData.Ada);

        Messages.AssertEqual(
            [new SeatUnassigned(0), new SeatAssigned(0, AssignmentData.General, AssignmentData.Ada)],
            assignments.PendingEvents);
    }
}

public class given_the_seat_assignments_handler
{
    private static readonly Guid ConferenceId = Guid.NewGuid();
    private readonly FakeEventSourcedRepository<Order> orders = new();
    private readonly FakeEventSourcedRepository<SeatAssignments> assignments = new();
    private readonly SeatAssignmentsHandler handler;

    public given_the_seat_assignments_handler()
    {
        handler = new SeatAssignmentsHandler(orders, assignments);
        orders.Given(
            AssignmentData.OrderId,
            new OrderPlaced(ConferenceId, [new(AssignmentData.General, 2), new(AssignmentData.Workshop, 1)], TestClock.Start, "ABCDEF"),
            new OrderTotalsCalculated(0m, [], true),
            new OrderReservationCompleted(TestClock.Start, [new(AssignmentData.General, 2), new(AssignmentData.Workshop, 1)]),
            new OrderConfirmed());
    }

    private static OrderConfirmed Confirmed => new() { SourceId = AssignmentData.OrderId, Version = 4 };

    [Fact]
    public async Task when_an_order_is_confirmed_then_its_seat_assignments_are_created_under_the_order_id()
    {
        await handler.HandleAsync(Confirmed, CancellationToken.None);

        Messages.AssertEqual([AssignmentData.Created()], assignments.Events(AssignmentData.OrderId));
    }

    [Fact]
    public async Task when_the_confirmation_is_delivered_again_after_seats_were_assigned_then_nothing_changes()
    {
        await handler.HandleAsync(Confirmed, CancellationToken.None);
        await handler.HandleAsync(new AssignSeat(AssignmentData.OrderId, 1, AssignmentData.Grace), CancellationToken.None);

        await handler.HandleAsync(Confirmed, CancellationToken.None);

        Messages.AssertEqual(
            [AssignmentData.Created(), new SeatAssigned(1, AssignmentData.General, AssignmentData.Grace)],
            assignments.Events(AssignmentData.OrderId));
    }

    [Fact]
    public async Task when_an_order_is_not_confirmed_then_no_seat_assignments_are_created()
    {
        var pending = Guid.NewGuid();
        orders.Given(pending, new OrderPlaced(ConferenceId, [new(AssignmentData.General, 1)], TestClock.Start, "ABCDEF"));

        await Assert.ThrowsAsync<BusinessRuleViolationException>(() => handler.HandleAsync(new OrderConfirmed { SourceId = pending, Version = 2 }, CancellationToken.None));
        Assert.Empty(assignments.Events(pending));
    }

    [Fact]
    public async Task when_assigning_and_unassigning_seats_then_the_commands_reach_the_assignments()
    {
        await handler.HandleAsync(Confirmed, CancellationToken.None);
        var assign = new AssignSeat(AssignmentData.OrderId, 2, AssignmentData.Ada);

        await handler.HandleAsync(assign, CancellationToken.None);
        await handler.HandleAsync(new UnassignSeat(AssignmentData.OrderId, 2), CancellationToken.None);

        Messages.AssertEqual(
            [new SeatAssigned(2, AssignmentData.Workshop, AssignmentData.Ada), new SeatUnassigned(2)],
            assignments.Events(AssignmentData.OrderId).Skip(1));
        Assert.Equal(assign.Id.ToString(), assignments.CorrelationIds(AssignmentData.OrderId)[1]);
    }
}
