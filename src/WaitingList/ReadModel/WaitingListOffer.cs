namespace WaitingList.ReadModel;

/// <summary>An offer as the sites show it, with the entry it was made to.</summary>
public sealed record WaitingListOffer(
    Guid OfferId,
    Guid ConferenceId,
    Guid SeatType,
    Guid EntryId,
    int Seats,
    DateTimeOffset OfferedAt,
    DateTimeOffset ExpiresAt,
    string Status);
