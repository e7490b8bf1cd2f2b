using Infrastructure.Messaging;

namespace WaitingList.Contracts.Events;

/// <summary>A registrant left the waiting list; <see cref="DeclinedOffers"/> are the offers they held, whose seats are released.</summary>
public sealed record WaitingListLeft(Guid ConferenceId, Guid SeatType, Guid EntryId, IReadOnlyList<Guid> DeclinedOffers) : VersionedEvent;
