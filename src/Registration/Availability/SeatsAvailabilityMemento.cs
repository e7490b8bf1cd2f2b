using System.Collections.Immutable;
using Infrastructure.EventSourcing;
using Registration.Contracts;

namespace Registration.Availability;

/// <summary>
/// The state of a <see cref="SeatsAvailability"/> at <see cref="Version"/>, so a load replays only newer
/// events. It shares the aggregate's immutable collections: taking and restoring it copies nothing.
/// </summary>
public sealed record SeatsAvailabilityMemento(
    int Version,
    ImmutableDictionary<Guid, int> RemainingSeats,
    ImmutableDictionary<Guid, IReadOnlyList<SeatQuantity>> PendingReservations,
    ImmutableHashSet<Guid> ClosedReservations,
    ImmutableDictionary<Guid, Guid> Offers,
    ImmutableHashSet<Guid> ClosedOffers) : IMemento;
