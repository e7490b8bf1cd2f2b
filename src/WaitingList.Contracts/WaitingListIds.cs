using Infrastructure.Messaging;

namespace WaitingList.Contracts;

/// <summary>The ids every party derives alike: one waiting list per seat type of a conference, the offers of an entry.</summary>
public static class WaitingListIds
{
    public static Guid For(Guid conferenceId, Guid seatType) => DeterministicGuid.Create($"waiting-list/{conferenceId:N}/{seatType:N}");

    /// <summary>The id of the <paramref name="number"/>th offer to an entry: the reservation and order id that takes it up.</summary>
    public static Guid Offer(Guid entryId, int number) => DeterministicGuid.Create($"waiting-list-offer/{entryId:N}/{number}");
}
