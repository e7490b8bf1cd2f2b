using Infrastructure.Messaging;

namespace Registration.Contracts.Events;

/// <summary>An attendee was assigned to a seat.</summary>
public sealed record SeatAssigned(int Position, Guid SeatType, PersonalInfo Attendee) : VersionedEvent;
