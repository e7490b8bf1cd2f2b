using System.Text.Json;
using Infrastructure.Messaging;
using Infrastructure.Sql.Projections;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Registration.Contracts.Events;

namespace Registration.ReadModel.Implementation;

/// <summary>
/// Keeps, per order, the codes it uses and those it refused. Each OrderPromotionalCodesApplied says it
/// all, so only the newest counts: an older or repeated one is ignored, whatever order they come in.
/// </summary>
public sealed class PricedOrderPromotionalCodesViewModelGenerator(
    IDbContextFactory<ConferenceRegistrationDbContext> contexts,
    ILogger<PricedOrderPromotionalCodesViewModelGenerator> logger) :
    IEventHandler<OrderPromotionalCodesApplied>
{
    private static readonly ProjectionRow<PricedOrderPromotionalCodesView> Orders = new("priced order's promotional codes", (order, @event) => order.Version = @event.Version)
    {
        AppliedVersion = order => order.Version,
    };

    private readonly EfProjection<ConferenceRegistrationDbContext, PricedOrderPromotionalCodesView> orders = new(contexts, Orders, logger);

    public Task HandleAsync(OrderPromotionalCodesApplied @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var outcomes = @event.Accepted.Select(c => new PromotionalCodeOutcome(c.Code, null))
            .Concat(@event.Refused.Select(r => new PromotionalCodeOutcome(r.Code, r.Reason)))
            .ToList();
        return orders.UpsertAsync(@event.SourceId, @event, () => new PricedOrderPromotionalCodesView { OrderId = @event.SourceId }, order =>
        {
            order.Codes = JsonSerializer.Serialize(outcomes);
            return true;
        }, cancellationToken);
    }
}
