using Conference.Database;
using Infrastructure;
using Infrastructure.Messaging;
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
public sealed partial class OrderEventHandler(ConferenceDbContext context, ILogger<OrderEventHandler> logger) :
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
    public Task HandleAsync(OrderPlaced @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateOrderAsync(@event.SourceId, order =>
        {
            // Placed once per order: the first sight of it is the only one.
            if (order.ConferenceId is not null)
            {
                return false;
            }

            order.ConferenceId = @event.ConferenceId;
            order.AccessCode = @event.AccessCode;
            return true;
        }, cancellationToken);
    }

    public Task HandleAsync(OrderRegistrantAssigned @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateOrderAsync(@event.SourceId, order =>
        {
            if (@event.Version <= order.RegistrantVersion)
            {
                return false;
            }

            order.RegistrantFirstName = @event.FirstName;
            order.RegistrantLastName = @event.LastName;
            order.RegistrantEmail = @event.Email;
            order.RegistrantVersion = @event.Version;
            return true;
        }, cancellationToken);
    }

    public Task HandleAsync(OrderTotalsCalculated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateOrderAsync(@event.SourceId, order =>
        {
            if (@event.Version <= order.TotalsVersion)
            {
                return false;
            }

            order.TotalAmount = @event.Total;
            order.TotalsVersion = @event.Version;
            return true;
        }, cancellationToken);
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
        await UpdateOrderAsync(@event.OrderId, order =>
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
        await UpdateOrderAsync(@event.SourceId, order =>
        {
            var seat = SeatAt(order, @event.Position);
            return SetSeatType(seat, @event.SeatType, names) | SetAttendee(seat, @event.Attendee, @event.Version);
        }, cancellationToken);
    }

    public Task HandleAsync(SeatUnassigned @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateOrderAsync(@event.SourceId, order => SetAttendee(SeatAt(order, @event.Position), null, @event.Version), cancellationToken);
    }

    public Task HandleAsync(SeatAssignmentUpdated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateOrderAsync(@event.SourceId, order => SetAttendee(SeatAt(order, @event.Position), @event.Attendee, @event.Version), cancellationToken);
    }

    private Task SetStatusAsync(IVersionedEvent @event, OrderStatus status, CancellationToken cancellationToken) =>
        UpdateOrderAsync(@event.SourceId, order =>
        {
            if (@event.Version <= order.StatusVersion)
            {
                return false;
            }

            order.Status = status;
            order.StatusVersion = @event.Version;
            return true;
        }, cancellationToken);

    private OrderSeat SeatAt(Order order, int position)
    {
        var seat = order.Seats.FirstOrDefault(s => s.Position == position);
        if (seat is null)
        {
            seat = new OrderSeat { OrderId = order.Id, Position = position };
            order.Seats.Add(seat);
            context.OrderSeats.Add(seat);
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

    private static bool SetAttendee(OrderSeat seat, PersonalInfo? attendee, int version)
    {
        if (version <= seat.AttendeeVersion)
        {
            return false;
        }

        seat.AttendeeFirstName = attendee?.FirstName;
        seat.AttendeeLastName = attendee?.LastName;
        seat.AttendeeEmail = attendee?.Email;
        seat.AttendeeVersion = version;
        return true;
    }

    private async Task<IReadOnlyDictionary<Guid, string>> SeatTypeNamesAsync(IEnumerable<Guid> seatTypes, CancellationToken cancellationToken)
    {
        var ids = seatTypes.Distinct().ToList();
        return await context.SeatTypes.AsNoTracking()
            .Where(s => ids.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
    }

    /// <summary>
    /// Loads (or starts) the order row, applies <paramref name="apply"/> and saves if it changed
    /// anything. Two handlers racing on one order: the loser gets a <see cref="ConcurrencyException"/>,
    /// and the message processor retries it on the fresh row.
    /// </summary>
    private async Task UpdateOrderAsync(Guid orderId, Func<Order, bool> apply, CancellationToken cancellationToken)
    {
        var order = await context.Orders.Include(o => o.Seats).FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);
        var isNew = order is null;
        order ??= context.Orders.Add(new Order { Id = orderId }).Entity;
        var loadedVersion = order.ConcurrencyVersion;

        if (!apply(order))
        {
            LogIgnored(orderId);
            if (isNew)
            {
                context.Orders.Remove(order);
            }

            return;
        }

        order.ConcurrencyVersion = loadedVersion + 1;
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            context.ChangeTracker.Clear();
            throw new ConcurrencyException($"Order {orderId} was changed by another handler.", ex);
        }
        catch (DbUpdateException ex)
        {
            context.ChangeTracker.Clear();
            // A duplicate key (the order or a seat inserted by a racing handler) shows as a newer row.
            var current = await context.Orders.AsNoTracking().Where(o => o.Id == orderId).Select(o => (int?)o.ConcurrencyVersion).FirstOrDefaultAsync(cancellationToken);
            if (current is not null && (isNew || current != loadedVersion))
            {
                throw new ConcurrencyException($"Order {orderId} was changed by another handler.", ex);
            }

            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Order {OrderId}: event already applied or superseded; nothing to change")]
    private partial void LogIgnored(Guid orderId);
}
