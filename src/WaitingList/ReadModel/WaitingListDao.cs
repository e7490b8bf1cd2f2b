using Microsoft.EntityFrameworkCore;

namespace WaitingList.ReadModel;

/// <inheritdoc cref="IWaitingListDao"/>
public sealed class WaitingListDao(IDbContextFactory<WaitingListReadModelDbContext> contexts) : IWaitingListDao
{
    public async Task<WaitingListEntry?> FindEntryAsync(Guid entryId, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var listId = await context.Entries.Where(e => e.EntryId == entryId).Select(e => (Guid?)e.ListId).FirstOrDefaultAsync(cancellationToken);
        if (listId is null)
        {
            return null;
        }

        var list = await LoadAsync(context.Lists.Where(l => l.Id == listId), cancellationToken);
        return Describe(list.Single()).Single(e => e.EntryId == entryId);
    }

    public async Task<WaitingListOffer?> FindOfferAsync(Guid offerId, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var offer = await context.Offers.AsNoTracking().FirstOrDefaultAsync(o => o.OfferId == offerId, cancellationToken);
        if (offer is null)
        {
            return null;
        }

        var list = await context.Lists.AsNoTracking().SingleAsync(l => l.Id == offer.ListId, cancellationToken);
        return Describe(list, offer);
    }

    public async Task<bool> IsOnListAsync(Guid conferenceId, Guid seatType, string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var lists = await LoadAsync(context.Lists.Where(l => l.ConferenceId == conferenceId && l.SeatType == seatType), cancellationToken);
        return lists.SelectMany(Describe).Any(e =>
            string.Equals(e.Email, email, StringComparison.OrdinalIgnoreCase)
            && e.Status is WaitingListEntryStatus.Waiting or WaitingListEntryStatus.Offered);
    }

    public async Task<IReadOnlyList<WaitingListEntry>> ListAsync(Guid conferenceId, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var lists = await LoadAsync(context.Lists.Where(l => l.ConferenceId == conferenceId), cancellationToken);
        return [.. lists.OrderBy(l => l.SeatType).SelectMany(Describe)];
    }

    private static Task<List<WaitingListView>> LoadAsync(IQueryable<WaitingListView> lists, CancellationToken cancellationToken) =>
        lists.AsNoTracking().Include(l => l.Entries).Include(l => l.Offers).AsSplitQuery().ToListAsync(cancellationToken);

    private static IEnumerable<WaitingListEntry> Describe(WaitingListView list)
    {
        var waiting = list.Entries
            .Where(e => e.Status == WaitingListEntryStatus.Waiting && e.SeatsOffered < e.Seats)
            .OrderBy(e => e.Sequence)
            .Select((e, index) => (e.EntryId, Place: index + 1))
            .ToDictionary(x => x.EntryId, x => x.Place);
        foreach (var entry in list.Entries.OrderBy(e => e.Sequence))
        {
            var offers = list.Offers.Where(o => o.EntryId == entry.EntryId).OrderBy(o => o.OfferedAt).Select(o => Describe(list, o)).ToList();
            yield return new WaitingListEntry(
                entry.EntryId,
                list.ConferenceId,
                list.SeatType,
                entry.Name,
                entry.Email,
                entry.Seats,
                entry.JoinedAt,
                StatusOf(entry, offers),
                waiting.TryGetValue(entry.EntryId, out var place) ? place : null,
                offers);
        }
    }

    private static WaitingListOffer Describe(WaitingListView list, WaitingListOfferView offer) =>
        new(offer.OfferId, list.ConferenceId, list.SeatType, offer.EntryId, offer.Seats, offer.OfferedAt, offer.ExpiresAt, offer.Status);

    private static string StatusOf(WaitingListEntryView entry, IReadOnlyList<WaitingListOffer> offers) =>
        entry.Status != WaitingListEntryStatus.Waiting ? entry.Status
        : offers.Any(o => o.Status == WaitingListOfferStatus.Offered) ? WaitingListEntryStatus.Offered
        : entry.SeatsOffered < entry.Seats ? WaitingListEntryStatus.Waiting
        : WaitingListEntryStatus.Taken;
}
