using System.Collections.Immutable;
using Infrastructure;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Registration.Contracts;
using Registration.Contracts.Events;

namespace Registration.Availability;

/// <summary>
/// The seats left for every seat type of one conference (its id is the conference id), and the seats
/// held by pending reservations. Never hands out more than is left; concurrent writers are kept
/// apart by the repository's optimistic concurrency.
/// </summary>
public sealed class SeatsAvailability : EventSourced, IEventSourcedFactory<SeatsAvailability>, IMementoOriginator<SeatsAvailability>
{
    // Persistent collections: a memento shares them instead of copying and sorting them on every save
    // and load, which grew with every reservation the conference ever had.
    private ImmutableDictionary<Guid, int> remainingSeats = ImmutableDictionary<Guid, int>.Empty;
    private ImmutableDictionary<Guid, IReadOnlyList<SeatQuantity>> pendingReservations = ImmutableDictionary<Guid, IReadOnlyList<SeatQuantity>>.Empty;

    // Committed or cancelled: a MakeSeatReservation delivered again after that must not hold seats anew.
    private ImmutableHashSet<Guid> closedReservations = ImmutableHashSet<Guid>.Empty;

    // Pending reservations that are waiting-list offers not yet taken up by an order, with their seat type.
    private ImmutableDictionary<Guid, Guid> offers = ImmutableDictionary<Guid, Guid>.Empty;

    // Offers claimed by an order or released: a MakeSeatOffer delivered again after that must not hold seats anew.
    private ImmutableHashSet<Guid> closedOffers = ImmutableHashSet<Guid>.Empty;

    public SeatsAvailability(Guid conferenceId)
        : base(conferenceId)
    {
        Handles<AvailableSeatsChanged>(When);
        Handles<SeatsReserved>(When);
        Handles<SeatsReservationCommitted>(When);
        Handles<SeatsReservationCancelled>(When);
        Handles<SeatsOffered>(When);
        Handles<SeatOfferClaimed>(When);
        Handles<SeatOfferReleased>(When);
    }

    public static SeatsAvailability Rehydrate(Guid id, IEnumerable<IVersionedEvent> history)
    {
        var availability = new SeatsAvailability(id);
        availability.LoadFrom(history);
        return availability;
    }

    public static SeatsAvailability Restore(Guid id, IMemento memento, IEnumerable<IVersionedEvent> newerEvents)
    {
        if (memento is not SeatsAvailabilityMemento state)
        {
            throw new ArgumentException($"Expected a {nameof(SeatsAvailabilityMemento)}.", nameof(memento));
        }

        var availability = new SeatsAvailability(id)
        {
            Version = state.Version,
            remainingSeats = state.RemainingSeats,
            pendingReservations = state.PendingReservations,
            closedReservations = state.ClosedReservations,
            offers = state.Offers,
            closedOffers = state.ClosedOffers,
        };
        availability.LoadFrom(newerEvents);
        return availability;
    }

    /// <summary>Seats of <paramref name="seatType"/> that can still be reserved (negative after capacity was removed below what is held).</summary>
    public int RemainingSeats(Guid seatType) => remainingSeats.GetValueOrDefault(seatType);

    public IMemento SaveToMemento() =>
        new SeatsAvailabilityMemento(Version, remainingSeats, pendingReservations, closedReservations, offers, closedOffers);

    public void AddSeats(Guid seatType, int quantity)
    {
        EnsureNotNegative(quantity);
        Raise(new AvailableSeatsChanged([new SeatQuantity(seatType, quantity)]));
    }

    public void RemoveSeats(Guid seatType, int quantity)
    {
        EnsureNotNegative(quantity);
        Raise(new AvailableSeatsChanged([new SeatQuantity(seatType, -quantity)]));
    }

    /// <summary>
    /// Reserves what is available of <paramref name="wantedSeats"/>, counting the seats this reservation
    /// already holds, and replaces whatever it held before. Always raises <see cref="SeatsReserved"/>,
    /// even when nothing changed, because the process manager waits for the answer to this command.
    /// A reservation already committed or cancelled is closed: the command is a late redelivery (its
    /// order is confirmed or expired), and nothing is reserved or raised.
    /// A reservation under the id of a waiting-list offer takes the offer up: its seats count as held
    /// (<see cref="SeatOfferClaimed"/>), so the order gets them whatever else is free.
    /// </summary>
    public void MakeReservation(Guid reservationId, IEnumerable<SeatQuantity> wantedSeats)
    {
        ArgumentNullException.ThrowIfNull(wantedSeats);
        if (closedReservations.Contains(reservationId))
        {
            return;
        }

        if (offers.TryGetValue(reservationId, out var offeredSeatType))
        {
            Raise(new SeatOfferClaimed(reservationId, offeredSeatType));
        }

        var wanted = wantedSeats.GroupBy(s => s.SeatType).ToDictionary(g => g.Key, g => g.Sum(s => s.Quantity));
        if (wanted.Values.Any(quantity => quantity < 0))
        {
            throw new BusinessRuleViolationException("Seat quantities cannot be negative.");
        }

        // Not a refusal: the AddSeats of a seat type just created may not be handled yet (the public
        // site shows it from the read model), so the reservation must be retried.
        var unknown = wanted.Keys.Where(seatType => !remainingSeats.ContainsKey(seatType)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentOutOfRangeException(nameof(wantedSeats), $"Seat type {unknown[0]} is not available for conference {Id}.");
        }

        var existing = pendingReservations.TryGetValue(reservationId, out var held)
            ? held.ToDictionary(s => s.SeatType, s => s.Quantity)
            : [];

        var details = new List<SeatQuantity>();
        var changes = new List<SeatQuantity>();
        foreach (var seatType in wanted.Keys.Union(existing.Keys))
        {
            var alreadyHeld = existing.GetValueOrDefault(seatType);
            var actual = Math.Min(wanted.GetValueOrDefault(seatType), Math.Max(remainingSeats.GetValueOrDefault(seatType), 0) + alreadyHeld);
            if (actual != 0)
            {
                details.Add(new SeatQuantity(seatType, actual));
            }

            if (actual != alreadyHeld)
            {
                changes.Add(new SeatQuantity(seatType, alreadyHeld - actual));
            }
        }

        Raise(new SeatsReserved(reservationId, details, changes));
    }

    /// <summary>
    /// Holds up to <paramref name="quantity"/> free seats of <paramref name="seatType"/> for a waiting-list
    /// offer and answers with what it holds (<see cref="SeatsOffered"/>, possibly zero seats: the waiting
    /// list asks again when seats come back). An offer already holding seats is answered again unchanged;
    /// one already claimed or released is a late redelivery, and nothing is held or raised.
    /// </summary>
    public void MakeOffer(Guid offerId, Guid seatType, int quantity)
    {
        if (quantity <= 0)
        {
            throw new BusinessRuleViolationException($"An offer is for at least one seat (got {quantity}).");
        }

        if (closedOffers.Contains(offerId) || closedReservations.Contains(offerId))
        {
            return;
        }

        if (!remainingSeats.ContainsKey(seatType))
        {
            // As for reservations: the seat type's AddSeats may not be handled yet.
            throw new ArgumentOutOfRangeException(nameof(seatType), $"Seat type {seatType} is not available for conference {Id}.");
        }

        if (pendingReservations.TryGetValue(offerId, out var held))
        {
            if (offers.ContainsKey(offerId))
            {
                Raise(new SeatsOffered(offerId, seatType, held.Sum(s => s.Quantity), []));
            }

            return;
        }

        var actual = Math.Min(quantity, Math.Max(remainingSeats[seatType], 0));
        Raise(new SeatsOffered(offerId, seatType, actual, actual > 0 ? [new SeatQuantity(seatType, -actual)] : []));
    }

    /// <summary>Returns the seats of an offer nobody took up; nothing to do once an order claimed it, or when it holds nothing.</summary>
    public void ReleaseOffer(Guid offerId)
    {
        if (offers.TryGetValue(offerId, out var seatType) && pendingReservations.TryGetValue(offerId, out var held))
        {
            Raise(new SeatOfferReleased(offerId, seatType, [.. held.Select(s => new SeatQuantity(s.SeatType, s.Quantity))]));
        }
    }

    /// <summary>Returns the seats of the reservation; nothing to do if it is not pending (already cancelled or committed).</summary>
    public void CancelReservation(Guid reservationId)
    {
        if (pendingReservations.TryGetValue(reservationId, out var held))
        {
            Raise(new SeatsReservationCancelled(reservationId, [.. held]));
        }
    }

    /// <summary>The reserved seats are sold; nothing to do if the reservation is not pending.</summary>
    public void CommitReservation(Guid reservationId)
    {
        if (pendingReservations.ContainsKey(reservationId))
        {
            Raise(new SeatsReservationCommitted(reservationId));
        }
    }

    private static void EnsureNotNegative(int quantity)
    {
        if (quantity < 0)
        {
            throw new BusinessRuleViolationException($"A seat quantity cannot be negative (got {quantity}).");
        }
    }

    private void When(AvailableSeatsChanged e) => ChangeRemaining(e.Seats);

    private void When(SeatsReserved e)
    {
        if (e.ReservationDetails.Count > 0)
        {
            pendingReservations = pendingReservations.SetItem(e.ReservationId, e.ReservationDetails);
        }
        else
        {
            pendingReservations = pendingReservations.Remove(e.ReservationId);
        }

        ChangeRemaining(e.AvailableSeatsChanged);
    }

    private void When(SeatsReservationCommitted e)
    {
        pendingReservations = pendingReservations.Remove(e.ReservationId);
        closedReservations = closedReservations.Add(e.ReservationId);
    }

    private void When(SeatsReservationCancelled e)
    {
        pendingReservations = pendingReservations.Remove(e.ReservationId);
        closedReservations = closedReservations.Add(e.ReservationId);
        ChangeRemaining(e.AvailableSeatsChanged);
    }

    private void When(SeatsOffered e)
    {
        if (e.Quantity > 0)
        {
            pendingReservations = pendingReservations.SetItem(e.OfferId, [new SeatQuantity(e.SeatType, e.Quantity)]);
            offers = offers.SetItem(e.OfferId, e.SeatType);
        }

        ChangeRemaining(e.AvailableSeatsChanged);
    }

    private void When(SeatOfferClaimed e)
    {
        offers = offers.Remove(e.OfferId);
        closedOffers = closedOffers.Add(e.OfferId);
    }

    private void When(SeatOfferReleased e)
    {
        pendingReservations = pendingReservations.Remove(e.OfferId);
        offers = offers.Remove(e.OfferId);
        closedOffers = closedOffers.Add(e.OfferId);
        ChangeRemaining(e.AvailableSeatsChanged);
    }

    private void ChangeRemaining(IEnumerable<SeatQuantity> changes)
    {
        foreach (var change in changes)
        {
            remainingSeats = remainingSeats.SetItem(change.SeatType, remainingSeats.GetValueOrDefault(change.SeatType) + change.Quantity);
        }
    }
}
