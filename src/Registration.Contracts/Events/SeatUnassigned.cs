using Infrastructure.Messaging;

namespace Registration.Contracts.Events;

/// <summary>A seat no longer has an attendee.</summary>
public sealed record SeatUnassigned(int Position) : VersionedEvent;
