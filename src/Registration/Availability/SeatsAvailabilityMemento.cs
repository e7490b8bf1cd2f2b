using System.Collections.Immutable;
using Infrastructure.EventSourcing;
using Registration.Contracts;

namespace Registration.Availability;

/// <summary>The state of a <see cref="SeatsAvailability"/> at <see cref="Version"/>, so a load replays only newer events.</summary>
public sealed record SeatsAvailabilityMemento(
    int Version,
    ImmutableArray<SeatQuantity> RemainingSeats,
    ImmutableArray<PendingReservation> PendingReservations,
    ImmutableArray<Guid> ClosedReservations,
    ImmutableArray<HeldOffer> Offers,
    ImmutableArray<Guid> ClosedOffers) : IMemento;

/// <summary>Seats held for a reservation that is neither committed nor cancelled yet.</summary>
public sealed record PendingReservation(Guid ReservationId, ImmutableArray<SeatQuantity> Seats);
