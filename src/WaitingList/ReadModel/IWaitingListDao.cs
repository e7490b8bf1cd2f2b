namespace WaitingList.ReadModel;

/// <summary>What the sites read of the waiting lists.</summary>
public interface IWaitingListDao
{
    Task<WaitingListEntry?> FindEntryAsync(Guid entryId, CancellationToken cancellationToken);

    Task<WaitingListOffer?> FindOfferAsync(Guid offerId, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="email"/> is still waiting or holding an offer on the list (case-insensitive).</summary>
    Task<bool> IsOnListAsync(Guid conferenceId, Guid seatType, string email, CancellationToken cancellationToken);

    /// <summary>Every entry of the conference's lists, by seat type and then in the order they joined.</summary>
    Task<IReadOnlyList<WaitingListEntry>> ListAsync(Guid conferenceId, CancellationToken cancellationToken);
}
