using Infrastructure.Messaging;

namespace WaitingList.Contracts.Events;

/// <summary>An order took the offer's seats up.</summary>
public sealed record WaitingListOfferTaken(Guid ConferenceId, Guid SeatType, Guid OfferId, Guid EntryId) : VersionedEvent;
