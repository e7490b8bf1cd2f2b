using Infrastructure.Messaging;

namespace WaitingList.Contracts.Events;

/// <summary>The offer was not taken up in time: the registrant leaves the list and the seats are released to the next in line.</summary>
public sealed record WaitingListOfferExpired(Guid ConferenceId, Guid SeatType, Guid OfferId, Guid EntryId) : VersionedEvent;
