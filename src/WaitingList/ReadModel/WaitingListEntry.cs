namespace WaitingList.ReadModel;

/// <summary>An entry as the sites show it: its place in line (null once it no longer waits) and its offers, oldest first.</summary>
public sealed record WaitingListEntry(
    Guid EntryId,
    Guid ConferenceId,
    Guid SeatType,
    string Name,
    string Email,
    int Seats,
    DateTimeOffset JoinedAt,
    string Status,
    int? Place,
    IReadOnlyList<WaitingListOffer> Offers);
