using Infrastructure.Messaging;

namespace WaitingList.Contracts.Events;

/// <summary>A registrant joined the end of the waiting list for <see cref="Seats"/> seats.</summary>
public sealed record WaitingListJoined(Guid ConferenceId, Guid SeatType, Guid EntryId, string Name, string Email, int Seats, DateTimeOffset JoinedAt) : VersionedEvent;
