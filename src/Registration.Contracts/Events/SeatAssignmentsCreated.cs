using Infrastructure.Messaging;

namespace Registration.Contracts.Events;

/// <summary>A confirmed order got one assignable position per purchased seat.</summary>
public sealed record SeatAssignmentsCreated(Guid OrderId, IReadOnlyList<SeatAssignmentInfo> Seats) : VersionedEvent;
