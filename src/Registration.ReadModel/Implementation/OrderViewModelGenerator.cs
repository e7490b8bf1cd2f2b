using Infrastructure.Messaging;
using Infrastructure.Sql.Projections;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Registration.Contracts;
using Registration.Contracts.Events;

namespace Registration.ReadModel.Implementation;

/// <summary>
/// Keeps the draft orders from the Order events.
/// <para>
/// This generator does not receive every event of an order (OrderTotalsCalculated is not subscribed),
/// so it cannot wait for "version last + 1". Instead every event sets whole groups of fields (state,
/// seats asked for, seats reserved, expiration, registrant) and each group keeps the version that last
/// set it: an event changes a group only if it is newer. Any order of delivery, with duplicates, ends
/// in the state of in-order delivery. Only OrderPlaced creates the draft order (it alone carries the
/// conference and access code); any other event that arrives before it is deferred.
/// </para>
/// </summary>
public sealed class OrderViewModelGenerator(
    IDbContextFactory<ConferenceRegistrationDbContext> contexts,
    ILogger<OrderViewModelGenerator> logger) :
    IEventHandler<OrderPlaced>,
    IEventHandler<OrderUpdated>,
    IEventHandler<OrderPartiallyReserved>,
    IEventHandler<OrderReservationCompleted>,
    IEventHandler<OrderRegistrantAssigned>,
    IEventHandler<OrderConfirmed>,
    IEventHandler<OrderExpired>
{
    private static readonly ProjectionRow<DraftOrderView> DraftOrders = new("draft order", Stamp) { Include = rows => rows.Include(o => o.Lines) };
    private readonly EfProjection<ConferenceRegistrationDbContext, DraftOrderView> orders = new(contexts, DraftOrders, logger);

    /// <summary>Only OrderPlaced creates the row, so a row that exists has it applied; every later event is newer than it.</summary>
    public Task HandleAsync(OrderPlaced @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return orders.CreateAsync(@event.SourceId, @event, () =>
        {
            var order = new DraftOrderView
            {
                OrderId = @event.SourceId,
                ConferenceId = @event.ConferenceId,
                AccessCode = @event.AccessCode,
                State = DraftOrderState.Created,
                StateVersion = @event.Version,
                ReservationExpirationDate = @event.ReservationAutoExpiration.ToUniversalTime(),
                ExpirationVersion = @event.Version,
            };
            SetRequested(order, @event.Seats, @event.Version);
            SetReserved(order, [], @event.Version);
            return order;
        }, cancellationToken);
    }

    public Task HandleAsync(OrderUpdated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return orders.UpdateAsync(@event.SourceId, @event, order =>
            SetState(order, DraftOrderState.Created, @event.Version)
            | SetRequested(order, @event.Seats, @event.Version)
            | SetReserved(order, [], @event.Version), cancellationToken);
    }

    public Task HandleAsync(OrderPartiallyReserved @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return SetReservationAsync(@event, DraftOrderState.PartiallyReserved, @event.Seats, @event.ReservationExpiration, cancellationToken);
    }

    public Task HandleAsync(OrderReservationCompleted @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return SetReservationAsync(@event, DraftOrderState.ReservationCompleted, @event.Seats, @event.ReservationExpiration, cancellationToken);
    }

    public Task HandleAsync(OrderRegistrantAssigned @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return orders.UpdateAsync(@event.SourceId, @event, order => Projection.IfNewer(@event.Version, order.RegistrantVersion, () =>
        {
            (order.RegistrantFirstName, order.RegistrantLastName, order.RegistrantEmail) = (@event.FirstName, @event.LastName, @event.Email);
            order.RegistrantEmailLookup = OrderLookup.Normalize(@event.Email);
            order.RegistrantVersion = @event.Version;
        }), cancellationToken);
    }

    public Task HandleAsync(OrderConfirmed @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return orders.UpdateAsync(@event.SourceId, @event, order => SetState(order, DraftOrderState.Confirmed, @event.Version), cancellationToken);
    }

    /// <summary>The reservation ran out or the order was rejected: the order stays, marked Rejected, so late events find it.</summary>
    public Task HandleAsync(OrderExpired @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return orders.UpdateAsync(@event.SourceId, @event, order => SetState(order, DraftOrderState.Rejected, @event.Version), cancellationToken);
    }

    private Task SetReservationAsync(IVersionedEvent @event, DraftOrderState state, IEnumerable<SeatQuantity> seats, DateTimeOffset expiration, CancellationToken cancellationToken) =>
        orders.UpdateAsync(@event.SourceId, @event, order =>
            SetState(order, state, @event.Version)
            | SetReserved(order, seats, @event.Version)
            | SetExpiration(order, expiration, @event.Version), cancellationToken);

    private static bool SetState(DraftOrderView order, DraftOrderState state, int version) =>
        Projection.IfNewer(version, order.StateVersion, () => (order.State, order.StateVersion) = (state, version));

    private static bool SetExpiration(DraftOrderView order, DateTimeOffset expiration, int version) =>
        Projection.IfNewer(version, order.ExpirationVersion, () => (order.ReservationExpirationDate, order.ExpirationVersion) = (expiration.ToUniversalTime(), version));

    /// <summary>The seats asked for become exactly <paramref name="seats"/> (seat types left out: none).</summary>
    private static bool SetRequested(DraftOrderView order, IEnumerable<SeatQuantity> seats, int version) =>
        Projection.IfNewer(version, order.RequestedVersion, () =>
        {
            SetQuantities(order, seats, (line, quantity) => line.RequestedSeats = quantity);
            order.RequestedVersion = version;
        });

    /// <summary>The seats reserved become exactly <paramref name="seats"/> (seat types left out: none).</summary>
    private static bool SetReserved(DraftOrderView order, IEnumerable<SeatQuantity> seats, int version) =>
        Projection.IfNewer(version, order.ReservedVersion, () =>
        {
            SetQuantities(order, seats, (line, quantity) => line.ReservedSeats = quantity);
            order.ReservedVersion = version;
        });

    private static void SetQuantities(DraftOrderView order, IEnumerable<SeatQuantity> seats, Action<DraftOrderItemView, int> set)
    {
        var quantities = seats.GroupBy(s => s.SeatType).ToDictionary(g => g.Key, g => g.Sum(s => s.Quantity));
        foreach (var line in order.Lines)
        {
            set(line, quantities.GetValueOrDefault(line.SeatType));
        }

        foreach (var (seatType, quantity) in quantities.Where(q => order.Lines.All(l => l.SeatType != q.Key)))
        {
            var line = new DraftOrderItemView { OrderId = order.OrderId, SeatType = seatType };
            set(line, quantity);
            order.Lines.Add(line);
        }
    }

    /// <summary>A seat type neither asked for nor reserved is not part of the order; every event raises the order's version.</summary>
    private static void Stamp(DraftOrderView order, IVersionedEvent @event)
    {
        order.Lines.RemoveAll(l => l.RequestedSeats == 0 && l.ReservedSeats == 0);
        order.OrderVersion = Math.Max(order.OrderVersion, @event.Version);
        order.ConcurrencyStamp++;
    }
}
