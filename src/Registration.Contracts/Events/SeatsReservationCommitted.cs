using Infrastructure.Messaging;

namespace Registration.Contracts.Events;

/// <summary>The seats of a reservation were sold for good.</summary>
public sealed record SeatsReservationCommitted(Guid ReservationId) : VersionedEvent;
