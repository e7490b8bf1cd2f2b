using Infrastructure.Messaging;
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
public sealed partial class OrderViewModelGenerator(
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
    public async Task HandleAsync(OrderPlaced @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        if (await ExistsAsync(context, @event.SourceId, cancellationToken))
        {
            // Only OrderPlaced creates the row, so it was applied; every later event is newer than it.
            LogAlreadyApplied(nameof(OrderPlaced), @event.SourceId, @event.Version);
            return;
        }

        var order = new DraftOrderView
        {
            OrderId = @event.SourceId,
            ConferenceId = @event.ConferenceId,
            AccessCode = @event.AccessCode,
            State = DraftOrderState.Created,
            StateVersion = @event.Version,
            ReservationExpirationDate = @event.ReservationAutoExpiration.ToUniversalTime(),
            ExpirationVersion = @event.Version,
            OrderVersion = @event.Version,
            ConcurrencyStamp = 1,
        };
        SetRequested(order, @event.Seats, @event.Version);
        SetReserved(order, [], @event.Version);
        RemoveEmptyLines(order);
        context.DraftOrders.Add(order);
        await ReadModelUpdates.SaveAsync(context, $"Draft order {@event.SourceId}", token => ExistsAsync(@event.SourceId, token), cancellationToken);
        LogApplied(nameof(OrderPlaced), @event.SourceId, @event.Version);
    }

    public Task HandleAsync(OrderUpdated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateAsync(@event, order =>
            SetState(order, DraftOrderState.Created, @event.Version)
            | SetRequested(order, @event.Seats, @event.Version)
            | SetReserved(order, [], @event.Version), cancellationToken);
    }

    public Task HandleAsync(OrderPartiallyReserved @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateAsync(@event, order =>
            SetState(order, DraftOrderState.PartiallyReserved, @event.Version)
            | SetReserved(order, @event.Seats, @event.Version)
            | SetExpiration(order, @event.ReservationExpiration, @event.Version), cancellationToken);
    }

    public Task HandleAsync(OrderReservationCompleted @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateAsync(@event, order =>
            SetState(order, DraftOrderState.ReservationCompleted, @event.Version)
            | SetReserved(order, @event.Seats, @event.Version)
            | SetExpiration(order, @event.ReservationExpiration, @event.Version), cancellationToken);
    }

    public Task HandleAsync(OrderRegistrantAssigned @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateAsync(@event, order =>
        {
            if (@event.Version <= order.RegistrantVersion)
            {
                return false;
            }

            order.RegistrantEmail = @event.Email;
            order.RegistrantEmailLookup = OrderLookup.Normalize(@event.Email);
            order.RegistrantVersion = @event.Version;
            return true;
        }, cancellationToken);
    }

    public Task HandleAsync(OrderConfirmed @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateAsync(@event, order => SetState(order, DraftOrderState.Confirmed, @event.Version), cancellationToken);
    }

    /// <summary>The reservation ran out or the order was rejected: the order stays, marked Rejected, so late events find it.</summary>
    public Task HandleAsync(OrderExpired @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateAsync(@event, order => SetState(order, DraftOrderState.Rejected, @event.Version), cancellationToken);
    }

    private async Task UpdateAsync(IVersionedEvent @event, Func<DraftOrderView, bool> apply, CancellationToken cancellationToken)
    {
        var eventName = @event.GetType().Name;
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var order = await context.DraftOrders.Include(o => o.Lines).FirstOrDefaultAsync(o => o.OrderId == @event.SourceId, cancellationToken);
        if (order is null)
        {
            LogDeferred(eventName, @event.SourceId, @event.Version);
            throw ReadModelUpdates.Defer($"{eventName} {@event.Version} of order {@event.SourceId} arrived before OrderPlaced.");
        }

        var loadedStamp = order.ConcurrencyStamp;
        var changed = apply(order);
        if (@event.Version > order.OrderVersion)
        {
            order.OrderVersion = @event.Version;
            changed = true;
        }

        if (!changed)
        {
            LogAlreadyApplied(eventName, @event.SourceId, @event.Version);
            return;
        }

        RemoveEmptyLines(order);
        order.ConcurrencyStamp++;
        await ReadModelUpdates.SaveAsync(context, $"Draft order {@event.SourceId}", token => ChangedSinceAsync(@event.SourceId, loadedStamp, token), cancellationToken);
        LogApplied(eventName, @event.SourceId, @event.Version);
    }

    private static bool SetState(DraftOrderView order, DraftOrderState state, int version)
    {
        if (version <= order.StateVersion)
        {
            return false;
        }

        order.State = state;
        order.StateVersion = version;
        return true;
    }

    private static bool SetExpiration(DraftOrderView order, DateTimeOffset expiration, int version)
    {
        if (version <= order.ExpirationVersion)
        {
            return false;
        }

        order.ReservationExpirationDate = expiration.ToUniversalTime();
        order.ExpirationVersion = version;
        return true;
    }

    /// <summary>The seats asked for become exactly <paramref name="seats"/> (seat types left out: none).</summary>
    private static bool SetRequested(DraftOrderView order, IEnumerable<SeatQuantity> seats, int version)
    {
        if (version <= order.RequestedVersion)
        {
            return false;
        }

        SetQuantities(order, seats, (line, quantity) => line.RequestedSeats = quantity);
        order.RequestedVersion = version;
        return true;
    }

    /// <summary>The seats reserved become exactly <paramref name="seats"/> (seat types left out: none).</summary>
    private static bool SetReserved(DraftOrderView order, IEnumerable<SeatQuantity> seats, int version)
    {
        if (version <= order.ReservedVersion)
        {
            return false;
        }

        SetQuantities(order, seats, (line, quantity) => line.ReservedSeats = quantity);
        order.ReservedVersion = version;
        return true;
    }

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

    /// <summary>A seat type neither asked for nor reserved is not part of the order.</summary>
    private static void RemoveEmptyLines(DraftOrderView order) =>
        order.Lines.RemoveAll(l => l.RequestedSeats == 0 && l.ReservedSeats == 0);

    private static Task<bool> ExistsAsync(ConferenceRegistrationDbContext context, Guid orderId, CancellationToken cancellationToken) =>
        context.DraftOrders.AnyAsync(o => o.OrderId == orderId, cancellationToken);

    private async Task<bool> ExistsAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await ExistsAsync(context, orderId, cancellationToken);
    }

    private async Task<bool> ChangedSinceAsync(Guid orderId, int loadedStamp, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.DraftOrders.AnyAsync(o => o.OrderId == orderId && o.ConcurrencyStamp != loadedStamp, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Applied {EventType} version {Version} to draft order {OrderId}")]
    private partial void LogApplied(string eventType, Guid orderId, int version);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored {EventType} version {Version} of order {OrderId}: newer or equal versions are already applied")]
    private partial void LogAlreadyApplied(string eventType, Guid orderId, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deferred {EventType} version {Version} of order {OrderId}: its OrderPlaced is not applied yet")]
    private partial void LogDeferred(string eventType, Guid orderId, int version);
}
