using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Registration.Contracts.Commands;
using Registration.Contracts.Events;
using Registration.Orders;

namespace Registration.Assignments;

/// <summary>Creates the seat assignments of a confirmed order (once), and runs the commands that assign attendees.</summary>
public sealed class SeatAssignmentsHandler(IEventSourcedRepository<Order> orders, IEventSourcedRepository<SeatAssignments> assignments) :
    IEventHandler<OrderConfirmed>,
    ICommandHandler<AssignSeat>,
    ICommandHandler<UnassignSeat>
{
    public async Task HandleAsync(OrderConfirmed @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);

        // Redelivered event: the assignments exist (they share the order's id), maybe with attendees already.
        if (await assignments.FindAsync(@event.SourceId, cancellationToken) is not null)
        {
            return;
        }

        var order = await orders.GetAsync(@event.SourceId, cancellationToken);
        await assignments.SaveAsync(order.CreateSeatAssignments(), null, cancellationToken);
    }

    public async Task HandleAsync(AssignSeat command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var seats = await assignments.GetAsync(command.SeatAssignmentsId, cancellationToken);
        seats.AssignSeat(command.Position, command.Attendee);
        await assignments.SaveAsync(seats, command.Id.ToString(), cancellationToken);
    }

    public async Task HandleAsync(UnassignSeat command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var seats = await assignments.GetAsync(command.SeatAssignmentsId, cancellationToken);
        seats.Unassign(command.Position);
        await assignments.SaveAsync(seats, command.Id.ToString(), cancellationToken);
    }
}
