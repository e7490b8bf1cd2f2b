using Infrastructure.Messaging;

namespace WaitingList.Contracts.Events;

/// <summary>Seats are held for a registrant on the waiting list until <see cref="ExpiresAt"/>; the order that takes them up has the offer's id.</summary>
public sealed record WaitingListOfferMade(Guid ConferenceId, Guid SeatType, Guid OfferId, Guid EntryId, int Seats, DateTimeOffset OfferedAt, DateTimeOffset ExpiresAt) : VersionedEvent;
