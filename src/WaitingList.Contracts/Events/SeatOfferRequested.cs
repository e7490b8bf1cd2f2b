using Infrastructure.Messaging;

namespace WaitingList.Contracts.Events;

/// <summary>
/// The first in line is asked seats for (<see cref="Seats"/>, what they still wait for), held under
/// <see cref="OfferId"/>; raised again with the same offer id when seats come back before the
/// availability could hold any.
/// </summary>
public sealed record SeatOfferRequested(Guid ConferenceId, Guid SeatType, Guid OfferId, Guid EntryId, int Seats) : VersionedEvent;
