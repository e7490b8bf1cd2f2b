using Conference.Database;
using Infrastructure;
using Infrastructure.Messaging;
using Infrastructure.Sql.Projections;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Registration.Contracts;
using Registration.Contracts.Events;

namespace Conference.Handlers;

/// <summary>
/// Keeps Conference Management's orders-and-attendees table from Registration's events (RI:
/// OrderEventHandler). No delivery order is assumed and the subscription does not see every event
/// of an order (OrderUpdated and the reservation events are filtered out), so there is no gap-free
/// sequence to wait for. Instead each part of the row keeps the stream version of the event that last
/// set it and takes an event only if it is newer: registrant, totals, status per order (order stream),
/// attendee per seat (seat-assignments stream, which shares the order's id). The row is created by
/// whichever event comes first; OrderPlaced fills in the conference and access code whenever it
/// arrives. Any order and any number of deliveries therefore end in the same row.
/// </summary>
public sealed class OrderEventHandler(ConferenceDbContext context, ILogger<OrderEventHandler> logger) :
    IEventHandler<OrderPlaced>,
    IEventHandler<OrderRegistrantAssigned>,
    IEventHandler<OrderTotalsCalculated>,
    IEventHandler<OrderConfirmed>,
    IEventHandler<OrderExpired>,
    IEventHandler<SeatAssignmentsCreated>,
    IEventHandler<SeatAssigned>,
    IEventHandler<SeatUnassigned>,
    IEventHandler<SeatAssignmentUpdated>
{
    private static readonly ProjectionRow<Order> Orders = new("order", (order, _) => order.ConcurrencyVersion++) { Include = rows => rows.Include(o => o.Seats) };
    private readonly EfProjection<ConferenceDbContext, Order> orders = new(context, Orders, logger);

    /// <summary>Placed once per order: the first sight of it is the only one.</summary>
    public Task HandleAsync(OrderPlaced @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateOrderAsync(@event.SourceId, @event, order =>
        {
            if (order.ConferenceId is not null)
            {
                return false;
            }

            (order.ConferenceId, order.AccessCode) = (@event.ConferenceId, @event.AccessCode);
            return true;
        }, cancellationToken);
    }

    public Task HandleAsync(OrderRegistrantAssigned @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateOrderAsync(@event.SourceId, @event, order => Projection.IfNewer(@event.Version, order.RegistrantVersion, () =>
        {
            (order.RegistrantFirstName, order.RegistrantLastName, order.RegistrantEmail) = (@event.FirstName, @event.LastName, @event.Email);
            order.RegistrantVersion = @event.Version;
        }), cancellationToken);
    }

    public Task HandleAsync(OrderTotalsCalculated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateOrderAsync(@event.SourceId, @event, order =>
            Projection.IfNewer(@event.Version, order.TotalsVersion, () => (order.TotalAmount, order.TotalsVersion) = (@event.Total, @event.Version)), cancellationToken);
    }

    public Task HandleAsync(OrderConfirmed @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return SetStatusAsync(@event, OrderStatus.Confirmed, cancellationToken);
    }

    public Task HandleAsync(OrderExpired @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return SetStatusAsync(@event, OrderStatus.Expired, cancellationToken);
    }

    public async Task HandleAsync(SeatAssignmentsCreated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var names = await SeatTypeNamesAsync(@event.Seats.Select(s => s.SeatType), cancellationToken);
        await UpdateOrderAsync(@event.OrderId, @event, order =>
        {
            var changed = false;
            foreach (var seat in @event.Seats)
            {
                changed |= SetSeatType(SeatAt(order, seat.Position), seat.SeatType, names);
            }

            return changed;
        }, cancellationToken);
    }

    public async Task HandleAsync(SeatAssigned @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var names = await SeatTypeNamesAsync([@event.SeatType], cancellationToken);
        await UpdateOrderAsync(@event.SourceId, @event, order =>
        {
            var seat = SeatAt(order, @event.Position);
            return SetSeatType(seat, @event.SeatType, names) | SetAttendee(seat, @event.Attendee, @event.Version);
        }, cancellationToken);
    }

    public Task HandleAsync(SeatUnassigned @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateOrderAsync(@event.SourceId, @event, order => SetAttendee(SeatAt(order, @event.Position), null, @event.Version), cancellationToken);
    }

    public Task HandleAsync(SeatAssignmentUpdated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateOrderAsync(@event.SourceId, @event, order => SetAttendee(SeatAt(order, @event.Position), @event.Attendee, @event.Version), cancellationToken);
    }

    private Task SetStatusAsync(IVersionedEvent @event, OrderStatus status, CancellationToken cancellationToken) =>
        UpdateOrderAsync(@event.SourceId, @event, order =>
            Projection.IfNewer(@event.Version, order.StatusVersion, () => (order.Status, order.StatusVersion) = (status, @event.Version)), cancellationToken);

    /// <summary>
    /// Applies the event to the order's row, which whichever event comes first starts. Two handlers racing
    /// on one order: the loser gets a <see cref="ConcurrencyException"/>, and the message processor retries
    /// it on the fresh row.
    /// </summary>
    private Task UpdateOrderAsync(Guid orderId, IVersionedEvent @event, Func<Order, bool> apply, CancellationToken cancellationToken) =>
        orders.UpsertAsync(orderId, @event, () => new Order { Id = orderId }, apply, cancellationToken);

    /// <summary>The seat at <paramref name="position"/>, added to the order (and saved with it) if it is not there yet.</summary>
    private static OrderSeat SeatAt(Order order, int position)
    {
        var seat = order.Seats.FirstOrDefault(s => s.Position == position);
        if (seat is null)
        {
            seat = new OrderSeat { OrderId = order.Id, Position = position };
            order.Seats.Add(seat);
        }

        return seat;
    }

    /// <summary>A seat's type never changes, so the first event that names it sets it.</summary>
    private static bool SetSeatType(OrderSeat seat, Guid seatType, IReadOnlyDictionary<Guid, string> names)
    {
        if (seat.SeatTypeId is not null)
        {
            return false;
        }

        seat.SeatTypeId = seatType;
        seat.SeatTypeName = names.GetValueOrDefault(seatType);
        return true;
    }

    private static bool SetAttendee(OrderSeat seat, PersonalInfo? attendee, int version) =>
        Projection.IfNewer(version, seat.AttendeeVersion, () =>
        {
            (seat.AttendeeFirstName, seat.AttendeeLastName, seat.AttendeeEmail) = (attendee?.FirstName, attendee?.LastName, attendee?.Email);
            seat.AttendeeVersion = version;
        });

    private async Task<IReadOnlyDictionary<Guid, string>> SeatTypeNamesAsync(IEnumerable<Guid> seatTypes, CancellationToken cancellationToken)
    {
        var ids = seatTypes.Distinct().ToList();
        return await context.SeatTypes.AsNoTracking()
            .Where(s => ids.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
    }
}
