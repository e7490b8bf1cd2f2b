using Infrastructure.Messaging;
using Infrastructure.Sql.Projections;
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
public sealed class PricedOrderViewModelGenerator(
    IDbContextFactory<ConferenceRegistrationDbContext> contexts,
    ILogger<PricedOrderViewModelGenerator> logger) :
    IEventHandler<OrderPlaced>,
    IEventHandler<OrderTotalsCalculated>,
    IEventHandler<OrderConfirmed>,
    IEventHandler<OrderExpired>,
    IEventHandler<SeatAssignmentsCreated>
{
    private static readonly ProjectionRow<PricedOrderView> PricedOrders = new("priced order", Stamp) { Include = rows => rows.Include(o => o.Lines) };
    private readonly EfProjection<ConferenceRegistrationDbContext, PricedOrderView> orders = new(contexts, PricedOrders, logger);

    public Task HandleAsync(OrderPlaced @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return orders.CreateAsync(@event.SourceId, @event, () => new PricedOrderView
        {
            OrderId = @event.SourceId,
            ConferenceId = @event.ConferenceId,
            ReservationExpirationDate = @event.ReservationAutoExpiration.ToUniversalTime(),
            ExpirationVersion = @event.Version,
        }, cancellationToken);
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

        await orders.UpdateAsync(@event.SourceId, @event, order => Projection.IfNewer(@event.Version, order.TotalsVersion, () =>
        {
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
        }), cancellationToken);
    }

    /// <summary>A confirmed order no longer expires.</summary>
    public Task HandleAsync(OrderConfirmed @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return orders.UpdateAsync(@event.SourceId, @event, order => Projection.IfNewer(@event.Version, order.ExpirationVersion, () =>
            (order.ReservationExpirationDate, order.ExpirationVersion) = (null, @event.Version)), cancellationToken);
    }

    public Task HandleAsync(OrderExpired @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return orders.UpdateAsync(@event.SourceId, @event, order =>
        {
            var changed = !order.IsExpired;
            order.IsExpired = true;
            return changed;
        }, cancellationToken);
    }

    /// <summary>Links the order to its seat assignments (another stream: its version says nothing about the order's).</summary>
    public Task HandleAsync(SeatAssignmentsCreated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return orders.UpdateAsync(@event.OrderId, @event, order =>
        {
            var changed = order.AssignmentsId != @event.SourceId;
            order.AssignmentsId = @event.SourceId;
            return changed;
        }, cancellationToken);
    }

    /// <summary>SeatAssignmentsCreated is of another stream: its version says nothing about the order's.</summary>
    private static void Stamp(PricedOrderView order, IVersionedEvent @event)
    {
        order.OrderVersion = @event is SeatAssignmentsCreated ? order.OrderVersion : Math.Max(order.OrderVersion, @event.Version);
        order.ConcurrencyStamp++;
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
}
