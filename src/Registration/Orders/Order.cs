using Infrastructure;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Registration.Assignments;
using Registration.Contracts;
using Registration.Contracts.Events;
using Registration.Pricing;

namespace Registration.Orders;

/// <summary>
/// A registrant's order for seats of one conference: placed, (partially) reserved, priced,
/// confirmed once paid (or at once when free), or expired.
/// </summary>
public sealed class Order : EventSourced, IEventSourcedFactory<Order>
{
    /// <summary>How long the seats of a new order are held for the registrant.</summary>
    public static readonly TimeSpan ReservationAutoExpiration = TimeSpan.FromMinutes(15);

    private IReadOnlyList<SeatQuantity> seats = [];
    private Reservation? reservation;
    private PersonalInfo? registrant;
    private bool isConfirmed;
    private bool isExpired;

    private Order(Guid id)
        : base(id)
    {
        Handles<OrderPlaced>(When);
        Handles<OrderUpdated>(When);
        Handles<OrderPartiallyReserved>(When);
        Handles<OrderReservationCompleted>(When);
        Handles<OrderTotalsCalculated>(_ => { });
        Handles<OrderRegistrantAssigned>(When);
        Handles<OrderExpired>(_ => isExpired = true);
        Handles<OrderConfirmed>(_ => isConfirmed = true);
    }

    /// <summary>Places an order; <paramref name="totals"/> prices <paramref name="seats"/> (V3 prices at once, for the UI).</summary>
    public Order(Guid id, Guid conferenceId, IEnumerable<SeatQuantity> seats, OrderTotal totals, TimeProvider clock)
        : this(id, conferenceId, seats, totals, clock, ReservationAutoExpiration)
    {
    }

    /// <summary>Places an order whose seats are held for <paramref name="reservationWindow"/> (a setting; 15 minutes by default).</summary>
    public Order(Guid id, Guid conferenceId, IEnumerable<SeatQuantity> seats, OrderTotal totals, TimeProvider clock, TimeSpan reservationWindow)
        : this(id)
    {
        ArgumentNullException.ThrowIfNull(totals);
        ArgumentNullException.ThrowIfNull(clock);

        // A setting, not part of the command: a deployment mistake to fix, not a refusal of the order.
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(reservationWindow, TimeSpan.Zero);
        var all = ValidSeats(seats);
        Raise(new OrderPlaced(conferenceId, all, clock.GetUtcNow().Add(reservationWindow), AccessCode.Generate()));
        Raise(TotalsCalculated(totals));
    }

    public Guid ConferenceId { get; private set; }

    public bool IsConfirmed => isConfirmed;

    public static Order Rehydrate(Guid id, IEnumerable<IVersionedEvent> history)
    {
        var order = new Order(id);
        order.LoadFrom(history);
        return order;
    }

    /// <summary>The registrant changed the seats wanted; they are priced again (and reserved again by the process).</summary>
    public void UpdateSeats(IEnumerable<SeatQuantity> seats, OrderTotal totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        var all = ValidSeats(seats);
        EnsureNotConfirmed();
        Raise(new OrderUpdated(all));
        Raise(TotalsCalculated(totals));
    }

    /// <summary>
    /// Records the seats actually reserved until <paramref name="expiration"/>. When any seat type got
    /// less than asked, the order keeps only what was reserved and is priced again with
    /// <paramref name="reservedTotals"/> (the totals of <paramref name="reservedSeats"/>); a complete
    /// reservation leaves the totals already calculated for the same seats as they are.
    /// </summary>
    public void MarkAsReserved(DateTimeOffset expiration, IEnumerable<SeatQuantity> reservedSeats, OrderTotal reservedTotals)
    {
        ArgumentNullException.ThrowIfNull(reservedTotals);
        var reserved = ValidSeats(reservedSeats);

        // A redelivered command: this very reservation is already recorded.
        if (reservation is { } current && current.Expiration == expiration && SameSeats(current.Seats, reserved))
        {
            return;
        }

        EnsureNotConfirmed();
        var partial = seats.Any(wanted => wanted.Quantity != 0 && !reserved.Any(r => r.SeatType == wanted.SeatType && r.Quantity == wanted.Quantity));
        if (partial)
        {
            Raise(new OrderPartiallyReserved(expiration, reserved));
            Raise(TotalsCalculated(reservedTotals));
        }
        else
        {
            Raise(new OrderReservationCompleted(expiration, reserved));
        }
    }

    public void AssignRegistrant(string firstName, string lastName, string email)
    {
        ArgumentNullException.ThrowIfNull(firstName);
        ArgumentNullException.ThrowIfNull(lastName);
        if (string.IsNullOrWhiteSpace(firstName) || string.IsNullOrWhiteSpace(lastName))
        {
            throw new BusinessRuleViolationException("The registrant's first and last names are required.");
        }

        if (!EmailAddress.IsValid(email))
        {
            throw new BusinessRuleViolationException($"'{email}' is not a valid email address.");
        }

        if (registrant == new PersonalInfo(firstName, lastName, email))
        {
            return;
        }

        EnsureNotConfirmed();
        Raise(new OrderRegistrantAssigned(firstName, lastName, email));
    }

    /// <summary>The reservation ran out or could not be made (RejectOrder).</summary>
    public void Expire()
    {
        if (isExpired)
        {
            return;
        }

        EnsureNotConfirmed();
        Raise(new OrderExpired());
    }

    public void Confirm()
    {
        if (isConfirmed)
        {
            return;
        }

        // Its seats were released: confirming would sell seats the order no longer holds.
        if (isExpired)
        {
            throw new BusinessRuleViolationException("Cannot confirm an expired order.");
        }

        Raise(new OrderConfirmed());
    }

    /// <summary>One assignable position per purchased seat; the assignments share the order's id.</summary>
    public SeatAssignments CreateSeatAssignments() =>
        isConfirmed
            ? new SeatAssignments(Id, seats)
            : throw new BusinessRuleViolationException("Cannot create seat assignments for an order that isn't confirmed yet.");

    private void When(OrderPlaced e)
    {
        ConferenceId = e.ConferenceId;
        seats = e.Seats;
    }

    private void When(OrderUpdated e)
    {
        seats = e.Seats;
        reservation = null;
    }

    private void When(OrderPartiallyReserved e)
    {
        seats = e.Seats;
        reservation = new Reservation(e.ReservationExpiration, e.Seats);
    }

    private void When(OrderReservationCompleted e)
    {
        seats = e.Seats;
        reservation = new Reservation(e.ReservationExpiration, e.Seats);
    }

    private void When(OrderRegistrantAssigned e) => registrant = new PersonalInfo(e.FirstName, e.LastName, e.Email);

    private void EnsureNotConfirmed()
    {
        if (isConfirmed)
        {
            throw new BusinessRuleViolationException("Cannot modify a confirmed order.");
        }
    }

    private static OrderTotalsCalculated TotalsCalculated(OrderTotal totals) =>
        new(totals.Total, totals.Lines.ToArray(), totals.IsFreeOfCharge);

    private static SeatQuantity[] ValidSeats(IEnumerable<SeatQuantity> seats)
    {
        ArgumentNullException.ThrowIfNull(seats);
        var all = seats.ToArray();
        if (all.Any(s => s.Quantity < 0))
        {
            throw new BusinessRuleViolationException("Seat quantities cannot be negative.");
        }

        return all;
    }

    private static bool SameSeats(IEnumerable<SeatQuantity> left, IEnumerable<SeatQuantity> right) =>
        left.OrderBy(s => s.SeatType).SequenceEqual(right.OrderBy(s => s.SeatType));

    private sealed record Reservation(DateTimeOffset Expiration, IReadOnlyList<SeatQuantity> Seats);
}
