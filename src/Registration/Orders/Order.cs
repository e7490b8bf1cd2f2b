using Discounts.Contracts;
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

    /// <summary>More is a typing robot, not a registrant.</summary>
    public const int MaximumPromotionalCodes = 10;

    private IReadOnlyList<SeatQuantity> seats = [];
    private Reservation? reservation;
    private PersonalInfo? registrant;
    private bool isConfirmed;
    private bool isExpired;
    private DateTimeOffset reservationAutoExpiration;
    private IReadOnlyList<PromotionalDiscount> discounts = [];
    private IReadOnlyList<RefusedPromotionalCode> refusedCodes = [];
    private readonly HashSet<Guid> heldCodes = [];

    // Codes Discounts gave no use of: they stay refused whatever the registrant enters again.
    private readonly Dictionary<Guid, PromotionalCodeRefusal> withdrawnCodes = [];

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
        Handles<OrderPromotionalCodesApplied>(When);
        Handles<OrderPromotionalCodeHeld>(e => heldCodes.Add(e.PromotionalCodeId));
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

    /// <summary>The seats the order wants (or holds, once reserved).</summary>
    public IReadOnlyList<SeatQuantity> Seats => seats;

    /// <summary>The promotional codes the order uses, in the order entered.</summary>
    public IReadOnlyList<PromotionalDiscount> PromotionalCodes => discounts;

    public static Order Rehydrate(Guid id, IEnumerable<IVersionedEvent> history)
    {
        var order = new Order(id);
        order.LoadFrom(history);
        return order;
    }

    /// <summary>The registrant changed the seats wanted; they are priced again (and reserved again by the process).</summary>
    public void UpdateSeats(IEnumerable<SeatQuantity> seats, OrderTotal totals, TimeSpan expirationBuffer)
    {
        ArgumentNullException.ThrowIfNull(totals);
        var all = ValidSeats(seats);
        EnsureNotConfirmed();
        Raise(new OrderUpdated(all));
        RaisePriced(totals, expirationBuffer);
    }

    /// <summary>
    /// Prices the order with the codes the registrant entered (in that order), given the totals of its
    /// seats: each is used or refused with a reason (unknown, expired, used up, not for these seats,
    /// cannot be combined). The same codes with the same outcome change nothing.
    /// </summary>
    public void ApplyPromotionalCodes(IEnumerable<PromotionalCodeEntry> entries, OrderTotal seatTotals, DateTimeOffset now, TimeSpan expirationBuffer)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(seatTotals);
        EnsureNotConfirmed();
        if (isExpired)
        {
            throw new BusinessRuleViolationException("Cannot apply promotional codes to an expired order.");
        }

        var all = entries.ToList();
        if (all.Count > MaximumPromotionalCodes)
        {
            throw new BusinessRuleViolationException($"An order takes at most {MaximumPromotionalCodes} promotional codes.");
        }

        var upfront = new Dictionary<int, RefusedPromotionalCode>();
        var candidates = new List<PromotionalDiscount>();
        for (var i = 0; i < all.Count; i++)
        {
            var (code, known) = (all[i].Code, all[i].Known);
            var reason = known switch
            {
                null => PromotionalCodeRefusal.Unknown,
                _ when withdrawnCodes.TryGetValue(known.Discount.PromotionalCodeId, out var withdrawn) => withdrawn,
                { ValidUntil: { } validUntil } when now > validUntil => PromotionalCodeRefusal.Expired,
                { UsesLeft: <= 0 } when !discounts.Any(d => d.PromotionalCodeId == known.Discount.PromotionalCodeId) => PromotionalCodeRefusal.UsedUp,
                _ => (PromotionalCodeRefusal?)null,
            };
            if (reason is { } refusal)
            {
                upfront[i] = new RefusedPromotionalCode(code, refusal);
            }
            else
            {
                candidates.Add(known!.Discount with { Code = PromotionalCodeIdentity.Normalize(code) });
            }
        }

        var priced = PromotionalCodePricing.Apply(SeatLines(seatTotals), candidates);

        // Refusals listed in the order the codes were entered.
        var refused = new List<RefusedPromotionalCode>();
        var pricedRefusals = new Queue<RefusedPromotionalCode>(priced.Refused);
        for (var i = 0; i < all.Count; i++)
        {
            if (upfront.TryGetValue(i, out var early))
            {
                refused.Add(early);
            }
            else if (pricedRefusals.TryPeek(out var late) && string.Equals(late.Code, all[i].Code.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                refused.Add(pricedRefusals.Dequeue());
            }
        }

        refused.AddRange(pricedRefusals);
        if (RaiseCodes(priced, refused, expirationBuffer))
        {
            Raise(TotalsCalculated(priced.Totals));
        }
    }

    /// <summary>Discounts has no use of the code for this order: it is priced without it, and the code stays refused.</summary>
    public void WithdrawPromotionalCode(Guid promotionalCodeId, PromotionalCodeRefusal reason, OrderTotal seatTotals, TimeSpan expirationBuffer)
    {
        ArgumentNullException.ThrowIfNull(seatTotals);
        var withdrawn = discounts.FirstOrDefault(d => d.PromotionalCodeId == promotionalCodeId);
        if (withdrawn is null || isConfirmed || isExpired)
        {
            return;
        }

        var remaining = discounts.Where(d => d.PromotionalCodeId != promotionalCodeId).ToList();
        var priced = PromotionalCodePricing.Apply(SeatLines(seatTotals), remaining);
        RaiseCodes(priced, [.. refusedCodes, .. priced.Refused, new RefusedPromotionalCode(withdrawn.Code, reason)], expirationBuffer);
        Raise(TotalsCalculated(priced.Totals));
    }

    /// <summary>Records that Discounts holds a use of the code for the order; a code the order no longer uses is ignored.</summary>
    public void MarkPromotionalCodeHeld(Guid promotionalCodeId)
    {
        if (heldCodes.Contains(promotionalCodeId) || !discounts.Any(d => d.PromotionalCodeId == promotionalCodeId))
        {
            return;
        }

        Raise(new OrderPromotionalCodeHeld(promotionalCodeId));
    }

    /// <summary>
    /// Records the seats actually reserved until <paramref name="expiration"/>. When any seat type got
    /// less than asked, the order keeps only what was reserved and is priced again with
    /// <paramref name="reservedTotals"/> (the totals of <paramref name="reservedSeats"/>); a complete
    /// reservation leaves the totals already calculated for the same seats as they are.
    /// </summary>
    public void MarkAsReserved(DateTimeOffset expiration, IEnumerable<SeatQuantity> reservedSeats, OrderTotal reservedTotals, TimeSpan expirationBuffer)
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
            RaisePriced(reservedTotals, expirationBuffer);
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
        reservationAutoExpiration = e.ReservationAutoExpiration;
    }

    private void When(OrderPromotionalCodesApplied e)
    {
        // A code withdrawn because Discounts had no use of it for the order stays refused.
        foreach (var id in e.Withdrawn)
        {
            var code = discounts.FirstOrDefault(d => d.PromotionalCodeId == id)?.Code;
            var refusal = e.Refused.LastOrDefault(r => r.Code == code && r.Reason is PromotionalCodeRefusal.UsedUp or PromotionalCodeRefusal.Expired);
            if (refusal is not null)
            {
                withdrawnCodes[id] = refusal.Reason;
            }
        }

        discounts = e.Accepted;
        refusedCodes = e.Refused;
        heldCodes.IntersectWith(e.Accepted.Select(d => d.PromotionalCodeId));
    }

    /// <summary>Seats priced again: the codes the order uses are applied to the new seat lines.</summary>
    private void RaisePriced(OrderTotal seatTotals, TimeSpan expirationBuffer)
    {
        if (discounts.Count == 0)
        {
            Raise(TotalsCalculated(seatTotals));
            return;
        }

        var priced = PromotionalCodePricing.Apply(SeatLines(seatTotals), discounts);
        RaiseCodes(priced, [.. refusedCodes, .. priced.Refused], expirationBuffer);
        Raise(TotalsCalculated(priced.Totals));
    }

    /// <summary>
    /// Records the codes used and refused when they changed; true if they did. A limited code's use is
    /// held until the order's seats are released: the countdown plus <paramref name="expirationBuffer"/>.
    /// </summary>
    private bool RaiseCodes(DiscountedOrder priced, IReadOnlyList<RefusedPromotionalCode> refused, TimeSpan expirationBuffer)
    {
        var accepted = priced.Accepted;
        if (accepted.SequenceEqual(discounts, DiscountComparer.Instance) && refused.SequenceEqual(refusedCodes))
        {
            return false;
        }

        var withdrawn = discounts.Where(d => !accepted.Any(a => a.PromotionalCodeId == d.PromotionalCodeId)).Select(d => d.PromotionalCodeId).ToList();
        Raise(new OrderPromotionalCodesApplied(accepted, refused, withdrawn, reservationAutoExpiration + expirationBuffer));
        return true;
    }

    private static IReadOnlyList<OrderLine> SeatLines(OrderTotal totals) =>
        [.. totals.Lines.Where(l => !PromotionalCodePricing.IsDiscountLine(l))];

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

    // Records holding lists compare by reference; terms compare by value, seat types in order.
    private sealed class DiscountComparer : IEqualityComparer<PromotionalDiscount>
    {
        public static readonly DiscountComparer Instance = new();

        public bool Equals(PromotionalDiscount? x, PromotionalDiscount? y) =>
            x is not null && y is not null && (x with { SeatTypes = Array.Empty<Guid>() }) == (y with { SeatTypes = Array.Empty<Guid>() }) && x.SeatTypes.SequenceEqual(y.SeatTypes);

        public int GetHashCode(PromotionalDiscount obj) => obj.PromotionalCodeId.GetHashCode();
    }

    private sealed record Reservation(DateTimeOffset Expiration, IReadOnlyList<SeatQuantity> Seats);
}
