using Infrastructure.Messaging;
using Infrastructure.Sql.Projections;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WaitingList.Contracts.Events;

namespace WaitingList.ReadModel;

/// <summary>
/// Keeps the waiting-list views from the list's own events, which this generator receives all of: it
/// applies them strictly in stream order through the one projection mechanism (duplicates are ignored,
/// an early event is deferred), so a list row and its entries and offers always show one version.
/// </summary>
public sealed class WaitingListViewGenerator(
    IDbContextFactory<WaitingListReadModelDbContext> contexts,
    ILogger<WaitingListViewGenerator> logger) :
    IEventHandler<WaitingListJoined>,
    IEventHandler<WaitingListLeft>,
    IEventHandler<SeatOfferRequested>,
    IEventHandler<WaitingListOfferMade>,
    IEventHandler<WaitingListOfferTaken>,
    IEventHandler<WaitingListOfferExpired>,
    IEventHandler<SeatOfferWithdrawn>
{
    private static readonly ProjectionRow<WaitingListView> Lists = new("waiting list", (list, @event) => list.Version = @event.Version)
    {
        Include = rows => rows.Include(l => l.Entries).Include(l => l.Offers),
        AppliedVersion = list => list.Version,
        InSequence = true,
    };

    private readonly EfProjection<WaitingListReadModelDbContext, WaitingListView> lists = new(contexts, Lists, logger);

    /// <summary>The first event of a list (version 1) starts its row; a later one waits for the row like any other event.</summary>
    public Task HandleAsync(WaitingListJoined @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        void Add(WaitingListView list) => list.Entries.Add(new WaitingListEntryView
        {
            EntryId = @event.EntryId,
            ListId = list.Id,
            Name = @event.Name,
            Email = @event.Email,
            Seats = @event.Seats,
            JoinedAt = @event.JoinedAt,
            Sequence = @event.Version,
            Status = WaitingListEntryStatus.Waiting,
        });
        return @event.Version == 1
            ? lists.UpsertAsync(
                @event.SourceId,
                @event,
                () => new WaitingListView { Id = @event.SourceId, ConferenceId = @event.ConferenceId, SeatType = @event.SeatType },
                list =>
                {
                    Add(list);
                    return true;
                },
                cancellationToken)
            : UpdateAsync(@event, Add, cancellationToken);
    }

    public Task HandleAsync(WaitingListLeft @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateAsync(@event, list =>
        {
            Entry(list, @event.EntryId).Status = WaitingListEntryStatus.Left;
            foreach (var offer in list.Offers.Where(o => @event.DeclinedOffers.Contains(o.OfferId)))
            {
                offer.Status = WaitingListOfferStatus.Declined;
            }
        }, cancellationToken);
    }

    /// <summary>Nothing to show, but the list's version moves on.</summary>
    public Task HandleAsync(SeatOfferRequested @event, CancellationToken cancellationToken) => UpdateAsync(@event, _ => { }, cancellationToken);

    /// <inheritdoc cref="HandleAsync(SeatOfferRequested, CancellationToken)"/>
    public Task HandleAsync(SeatOfferWithdrawn @event, CancellationToken cancellationToken) => UpdateAsync(@event, _ => { }, cancellationToken);

    public Task HandleAsync(WaitingListOfferMade @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateAsync(@event, list =>
        {
            Entry(list, @event.EntryId).SeatsOffered += @event.Seats;
            list.Offers.Add(new WaitingListOfferView
            {
                OfferId = @event.OfferId,
                ListId = list.Id,
                EntryId = @event.EntryId,
                Seats = @event.Seats,
                OfferedAt = @event.OfferedAt,
                ExpiresAt = @event.ExpiresAt,
                Status = WaitingListOfferStatus.Offered,
            });
        }, cancellationToken);
    }

    public Task HandleAsync(WaitingListOfferTaken @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateAsync(@event, list => Offer(list, @event.OfferId).Status = WaitingListOfferStatus.Taken, cancellationToken);
    }

    public Task HandleAsync(WaitingListOfferExpired @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateAsync(@event, list =>
        {
            Offer(list, @event.OfferId).Status = WaitingListOfferStatus.Expired;
            Entry(list, @event.EntryId).Status = WaitingListEntryStatus.Expired;
        }, cancellationToken);
    }

    private static WaitingListEntryView Entry(WaitingListView list, Guid entryId) => list.Entries.Single(e => e.EntryId == entryId);

    private static WaitingListOfferView Offer(WaitingListView list, Guid offerId) => list.Offers.Single(o => o.OfferId == offerId);

    private Task UpdateAsync(IVersionedEvent @event, Action<WaitingListView> apply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return lists.UpdateAsync(@event.SourceId, @event, list =>
        {
            apply(list);
            return true;
        }, cancellationToken);
    }
}
