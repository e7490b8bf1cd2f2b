using Infrastructure.Messaging;

namespace WaitingList.Contracts.Events;

/// <summary>Seats were held for a registrant who had left meanwhile: they are released, never offered.</summary>
public sealed record SeatOfferWithdrawn(Guid ConferenceId, Guid SeatType, Guid OfferId) : VersionedEvent;
