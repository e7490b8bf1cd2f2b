using Infrastructure.Messaging;

namespace Registration.Contracts.Events;

/// <summary>The registrant changed the seats wanted by an order.</summary>
public sealed record OrderUpdated(IReadOnlyList<SeatQuantity> Seats) : VersionedEvent;
