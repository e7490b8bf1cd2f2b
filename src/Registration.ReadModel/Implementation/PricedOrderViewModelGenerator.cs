using Infrastructure.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Registration.Contracts.Events;

namespace Registration.ReadModel.Implementation;

/// <summary>
/// Keeps the priced orders from the Order events and links them to their seat assignments.
/// <para>
/// Like <see cref="OrderViewModelGenerator"/>, it sees only some of an order's events, so each group of
/// fields (totals and lines, expiration) keeps the version that last set it and only newer events change
/// it; OrderExpired and SeatAssignmentsCreated set facts that never change back, so they need no version.
/// Only OrderPlaced creates the priced order; anything arriving before it is deferred. An expired order
/// is kept and marked (the RI deleted it), so that a late or repeated OrderPlaced cannot bring it back.
/// </para>
/// <para>
/// Line descriptions are the seat type names carried by OrderTotalsCalculated, fixed when the order was
/// priced: renaming a seat type later does not change existing orders. A line without one falls back on
/// this generator's own copy of the names (<see cref="PricedOrderSeatTypeViewModelGenerator"/>).
/// </para>
/// </summary>
public sealed partial class PricedOrderViewModelGenerator(
    IDbContextFactory<ConferenceRegistrationDbContext> contexts,
    ILogger<PricedOrderViewModelGenerator> logger) :
    IEventHandler<OrderPlaced>,
    IEventHandler<OrderTotalsCalculated>,
    IEventHandler<OrderConfirmed>,
    IEventHandler<OrderExpired>,
    IEventHandler<SeatAssignmentsCreated>
{
    public async Task HandleAsync(OrderPlaced @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        if (await context.PricedOrders.AnyAsync(o => o.OrderId == @event.SourceId, cancellationToken))
        {
            LogAlreadyApplied(nameof(OrderPlaced), @event.SourceId, @event.Version);
            return;
        }

        context.PricedOrders.Add(new PricedOrderView
        {
            OrderId = @event.SourceId,
            ConferenceId = @event.ConferenceId,
            ReservationExpirationDate = @event.ReservationAutoExpiration.ToUniversalTime(),
            ExpirationVersion = @event.Version,
            OrderVersion = @event.Version,
            ConcurrencyStamp = 1,
        });
        await ReadModelUpdates.SaveAsync(context, $"Priced order {@event.SourceId}", token => ChangedSinceAsync(@event.SourceId, null, token), cancellationToken);
        LogApplied(nameof(OrderPlaced), @event.SourceId, @event.Version);
    }

    public async Task HandleAsync(OrderTotalsCalculated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);

        // Fallback descriptions are read before the update, so the update itself stays a single round trip.
        var undescribed = @event.Lines.Where(l => string.IsNullOrWhiteSpace(l.Description)).Select(l => l.SeatType).Distinct().ToList();
        var names = new Dictionary<Guid, string>();
        if (undescribed.Count > 0)
        {
            await using var lookup = await contexts.CreateDbContextAsync(cancellationToken);
            names = await lookup.PricedOrderSeatTypes.AsNoTracking()
                .Where(s => undescribed.Contains(s.SeatTypeId))
                .ToDictionaryAsync(s => s.SeatTypeId, s => s.Name, cancellationToken);
        }

        await UpdateAsync(@event.SourceId, @event, orderVersion: @event.Version, order =>
        {
            if (@event.Version <= order.TotalsVersion)
            {
                return false;
            }

            var lines = @event.Lines
                .Select((line, position) => new PricedOrderLineView
                {
                    OrderId = order.OrderId,
                    Position = position,
                    SeatType = line.SeatType,
                    Description = string.IsNullOrWhiteSpace(line.Description) ? names.GetValueOrDefault(line.SeatType, string.Empty) : line.Description,
                    UnitPrice = line.UnitPrice,
                    Quantity = line.Quantity,
                    LineTotal = line.LineTotal,
                })
                .ToList();
            ReplaceLines(order, lines);
            order.Total = @event.Total;
            order.IsFreeOfCharge = @event.IsFreeOfCharge;
            order.TotalsVersion = @event.Version;
            return true;
        }, cancellationToken);
    }

    /// <summary>A confirmed order no longer expires.</summary>
    public Task HandleAsync(OrderConfirmed @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateAsync(@event.SourceId, @event, orderVersion: @event.Version, order =>
        {
            if (@event.Version <= order.ExpirationVersion)
            {
                return false;
            }

            order.ReservationExpirationDate = null;
            order.ExpirationVersion = @event.Version;
            return true;
        }, cancellationToken);
    }

    public Task HandleAsync(OrderExpired @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateAsync(@event.SourceId, @event, orderVersion: @event.Version, order =>
        {
            if (order.IsExpired)
            {
                return false;
            }

            order.IsExpired = true;
            return true;
        }, cancellationToken);
    }

    /// <summary>Links the order to its seat assignments (another stream: its version says nothing about the order's).</summary>
    public Task HandleAsync(SeatAssignmentsCreated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateAsync(@event.OrderId, @event, orderVersion: null, order =>
        {
            if (order.AssignmentsId == @event.SourceId)
            {
                return false;
            }

            order.AssignmentsId = @event.SourceId;
            return true;
        }, cancellationToken);
    }

    private async Task UpdateAsync(Guid orderId, IVersionedEvent @event, int? orderVersion, Func<PricedOrderView, bool> apply, CancellationToken cancellationToken)
    {
        var eventName = @event.GetType().Name;
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var order = await context.PricedOrders.Include(o => o.Lines).FirstOrDefaultAsync(o => o.OrderId == orderId, cancellationToken);
        if (order is null)
        {
            LogDeferred(eventName, orderId, @event.Version);
            throw ReadModelUpdates.Defer($"{eventName} {@event.Version} for order {orderId} arrived before its OrderPlaced.");
        }

        var loadedStamp = order.ConcurrencyStamp;
        var changed = apply(order);
        if (orderVersion > order.OrderVersion)
        {
            order.OrderVersion = orderVersion.Value;
            changed = true;
        }

        if (!changed)
        {
            LogAlreadyApplied(eventName, orderId, @event.Version);
            return;
        }

        order.ConcurrencyStamp++;
        await ReadModelUpdates.SaveAsync(context, $"Priced order {orderId}", token => ChangedSinceAsync(orderId, loadedStamp, token), cancellationToken);
        LogApplied(eventName, orderId, @event.Version);
    }

    /// <summary>Updates the lines in place (same keys), adds the new positions and removes the ones beyond.</summary>
    private static void ReplaceLines(PricedOrderView order, List<PricedOrderLineView> lines)
    {
        order.Lines.RemoveAll(existing => existing.Position >= lines.Count);
        foreach (var line in lines)
        {
            var existing = order.Lines.FirstOrDefault(l => l.Position == line.Position);
            if (existing is null)
            {
                order.Lines.Add(line);
                continue;
            }

            existing.SeatType = line.SeatType;
            existing.Description = line.Description;
            existing.UnitPrice = line.UnitPrice;
            existing.Quantity = line.Quantity;
            existing.LineTotal = line.LineTotal;
        }
    }

    /// <summary>Whether someone else created (<paramref name="loadedStamp"/> null) or changed the row since it was read.</summary>
    private async Task<bool> ChangedSinceAsync(Guid orderId, int? loadedStamp, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.PricedOrders.AnyAsync(o => o.OrderId == orderId && (loadedStamp == null || o.ConcurrencyStamp != loadedStamp), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Applied {EventType} version {Version} to priced order {OrderId}")]
    private partial void LogApplied(string eventType, Guid orderId, int version);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored {EventType} version {Version} for priced order {OrderId}: already applied or superseded")]
    private partial void LogAlreadyApplied(string eventType, Guid orderId, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deferred {EventType} version {Version} for order {OrderId}: its OrderPlaced is not applied yet")]
    private partial void LogDeferred(string eventType, Guid orderId, int version);
}
