using Conference.Contracts.Events;
using Infrastructure.Messaging;
using Infrastructure.Sql.Projections;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Registration.ReadModel.Implementation;

/// <summary>
/// Keeps the priced-order generator's own copy of seat type names from SeatCreated/SeatUpdated (RI V3:
/// the priced orders do not depend on the conference view). Both events carry the whole seat type, so
/// the newest version simply wins: no event waits for another, duplicates and older ones are ignored.
/// </summary>
public sealed class PricedOrderSeatTypeViewModelGenerator(
    IDbContextFactory<ConferenceRegistrationDbContext> contexts,
    ILogger<PricedOrderSeatTypeViewModelGenerator> logger) :
    IEventHandler<SeatCreated>,
    IEventHandler<SeatUpdated>
{
    private static readonly ProjectionRow<PricedOrderSeatTypeView> SeatTypes =
        new("priced orders' seat type", (seatType, @event) => seatType.Version = @event.Version) { AppliedVersion = seatType => seatType.Version };

    private readonly EfProjection<ConferenceRegistrationDbContext, PricedOrderSeatTypeView> seatTypes = new(contexts, SeatTypes, logger);

    public Task HandleAsync(SeatCreated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return ApplyAsync(@event, @event.ConferenceId, @event.Name, @event.Description, cancellationToken);
    }

    public Task HandleAsync(SeatUpdated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return ApplyAsync(@event, @event.ConferenceId, @event.Name, @event.Description, cancellationToken);
    }

    private Task ApplyAsync(IVersionedEvent @event, Guid conferenceId, string name, string description, CancellationToken cancellationToken) =>
        seatTypes.UpsertAsync(
            @event.SourceId,
            @event,
            () => new PricedOrderSeatTypeView { SeatTypeId = @event.SourceId, Name = name, Description = description },
            seatType =>
            {
                (seatType.ConferenceId, seatType.Name, seatType.Description) = (conferenceId, name, description);
                return true;
            },
            cancellationToken);
}
