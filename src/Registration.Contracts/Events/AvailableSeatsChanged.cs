using Infrastructure.Messaging;

namespace Registration.Contracts.Events;

/// <summary>The capacity of seat types changed.</summary>
public sealed record AvailableSeatsChanged(IReadOnlyList<SeatQuantity> Seats) : VersionedEvent;
