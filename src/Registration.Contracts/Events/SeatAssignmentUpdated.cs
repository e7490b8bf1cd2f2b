using Infrastructure.Messaging;

namespace Registration.Contracts.Events;

/// <summary>The attendee of a seat changed their name (same email).</summary>
public sealed record SeatAssignmentUpdated(int Position, PersonalInfo Attendee) : VersionedEvent;
