using System.Net.Mail;
using Infrastructure;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using WaitingList.Contracts;
using WaitingList.Contracts.Events;

namespace WaitingList;

/// <summary>
/// The registrants waiting, in the order they joined, for seats of one sold-out seat type (its id is
/// <see cref="WaitingListIds.For"/>). Seats coming back are asked for the first in line, one request at
/// a time, so nothing is offered twice; the seat availability holds what it can under the offer's id and
/// answers, and what it held becomes the offer. An offer lasts for the offer window, then passes on.
/// </summary>
public sealed class SeatTypeWaitingList : EventSourced, IEventSourcedFactory<SeatTypeWaitingList>
{
    public const int MaxNameLength = 100;
    public const int MaxSeats = 100;

    private readonly List<Entry> entries = [];
    private readonly Dictionary<Guid, Offer> offers = [];
    private readonly HashSet<Guid> withdrawn = [];
    private Request? pending;

    public SeatTypeWaitingList(Guid id)
        : base(id)
    {
        Handles<WaitingListJoined>(When);
        Handles<WaitingListLeft>(When);
        Handles<SeatOfferRequested>(When);
        Handles<WaitingListOfferMade>(When);
        Handles<WaitingListOfferTaken>(When);
        Handles<WaitingListOfferExpired>(When);
        Handles<SeatOfferWithdrawn>(e => withdrawn.Add(e.OfferId));
    }

    public Guid ConferenceId { get; private set; }

    public Guid SeatType { get; private set; }

    public static SeatTypeWaitingList Rehydrate(Guid id, IEnumerable<IVersionedEvent> history)
    {
        var list = new SeatTypeWaitingList(id);
        list.LoadFrom(history);
        return list;
    }

    public static SeatTypeWaitingList Open(Guid conferenceId, Guid seatType) => new(WaitingListIds.For(conferenceId, seatType));

    /// <summary>
    /// Puts the registrant at the end of the line; refused for a bad name, email or number of seats, and
    /// for an email already waiting or holding an offer on this list. The same entry again is a redelivery.
    /// </summary>
    public void Join(Guid conferenceId, Guid seatType, Guid entryId, string name, string email, int seats, DateTimeOffset now)
    {
        if (WaitingListIds.For(conferenceId, seatType) != Id)
        {
            throw new ArgumentException($"Waiting list {Id} is not the list of seat type {seatType} of conference {conferenceId}.", nameof(seatType));
        }

        if (entries.Any(e => e.EntryId == entryId))
        {
            return;
        }

        var trimmedName = name?.Trim() ?? string.Empty;
        if (trimmedName.Length == 0 || trimmedName.Length > MaxNameLength)
        {
            throw new BusinessRuleViolationException($"A name of 1 to {MaxNameLength} characters is required.");
        }

        if (!IsEmail(email))
        {
            throw new BusinessRuleViolationException($"'{email}' is not a valid email address.");
        }

        if (seats is < 1 or > MaxSeats)
        {
            throw new BusinessRuleViolationException($"A registrant waits for 1 to {MaxSeats} seats (got {seats}).");
        }

        if (entries.Any(e => e.IsActive(offers) && string.Equals(e.Email, email, StringComparison.OrdinalIgnoreCase)))
        {
            throw new BusinessRuleViolationException($"{email} is already on this waiting list.");
        }

        Raise(new WaitingListJoined(conferenceId, seatType, entryId, trimmedName, email, seats, now));
        RequestNextOffer();
    }

    /// <summary>The registrant's place: 1 for the first still waiting; null once they no longer wait.</summary>
    public int? PlaceOf(Guid entryId)
    {
        var waiting = entries.Where(e => e.IsWaiting).ToList();
        var index = waiting.FindIndex(e => e.EntryId == entryId);
        return index < 0 ? null : index + 1;
    }

    /// <summary>Leaves the list, declining the offers held: their seats go to the next in line. Unknown entries are refused.</summary>
    public void Leave(Guid entryId)
    {
        var entry = entries.Find(e => e.EntryId == entryId)
            ?? throw new BusinessRuleViolationException($"Entry {entryId} is not on this waiting list.");
        if (entry.HasLeft)
        {
            return;
        }

        var held = offers.Values.Where(o => o.EntryId == entryId && o.Status == OfferStatus.Offered).Select(o => o.OfferId).ToList();
        Raise(new WaitingListLeft(ConferenceId, SeatType, entryId, held));
        RequestNextOffer();
    }

    /// <summary>
    /// Seats of this seat type may have come back: asks them for the first in line, or asks again for
    /// the request in flight (the availability may have answered it before the seats came back).
    /// </summary>
    public void SeatsMayBeFree()
    {
        if (pending is { } request)
        {
            Raise(new SeatOfferRequested(ConferenceId, SeatType, request.OfferId, request.EntryId, request.Seats));
        }
        else
        {
            RequestNextOffer();
        }
    }

    /// <summary>
    /// The availability's answer: the seats it holds under <paramref name="offerId"/>. Held seats become
    /// the offer, until <paramref name="now"/> plus <paramref name="window"/>; no seats leave the request
    /// waiting for seats to come back. Held seats nobody waits for any more are withdrawn; a repeated
    /// answer changes nothing.
    /// </summary>
    public void RecordSeatsOffered(Guid offerId, int quantity, DateTimeOffset now, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        if (offers.ContainsKey(offerId) || withdrawn.Contains(offerId) || quantity <= 0)
        {
            return;
        }

        if (pending is not { } request || request.OfferId != offerId)
        {
            Raise(new SeatOfferWithdrawn(ConferenceId, SeatType, offerId));
            return;
        }

        Raise(new WaitingListOfferMade(ConferenceId, SeatType, offerId, request.EntryId, quantity, now, now.Add(window)));

        // All that was asked was free: more may be.
        if (quantity == request.Seats)
        {
            RequestNextOffer();
        }
    }

    /// <summary>An order reserved the offer's seats; the availability is the authority, so this holds even after the offer expired.</summary>
    public void MarkOfferTaken(Guid offerId)
    {
        if (offers.TryGetValue(offerId, out var offer) && offer.Status != OfferStatus.Taken)
        {
            Raise(new WaitingListOfferTaken(ConferenceId, SeatType, offerId, offer.EntryId));
        }
    }

    /// <summary>The offer window is over: an offer still open passes on, and its registrant leaves the list.</summary>
    public void ExpireOffer(Guid offerId)
    {
        if (offers.TryGetValue(offerId, out var offer) && offer.Status == OfferStatus.Offered)
        {
            Raise(new WaitingListOfferExpired(ConferenceId, SeatType, offerId, offer.EntryId));
        }
    }

    private static bool IsEmail(string? email) =>
        !string.IsNullOrWhiteSpace(email) && email.Length <= 254 && MailAddress.TryCreate(email, out var address) && address.Address == email;

    private void RequestNextOffer()
    {
        if (pending is not null)
        {
            return;
        }

        var next = entries.Find(e => e.IsWaiting);
        if (next is not null)
        {
            Raise(new SeatOfferRequested(ConferenceId, SeatType, WaitingListIds.Offer(next.EntryId, next.Requests + 1), next.EntryId, next.Seats - next.Offered));
        }
    }

    private void When(WaitingListJoined e)
    {
        ConferenceId = e.ConferenceId;
        SeatType = e.SeatType;
        entries.Add(new Entry(e.EntryId, e.Email, e.Seats));
    }

    private void When(WaitingListLeft e)
    {
        var entry = entries.Single(x => x.EntryId == e.EntryId);
        entry.HasLeft = true;
        foreach (var offerId in e.DeclinedOffers)
        {
            offers[offerId].Status = OfferStatus.Declined;
        }

        if (pending?.EntryId == e.EntryId)
        {
            pending = null;
        }
    }

    private void When(SeatOfferRequested e)
    {
        var entry = entries.Single(x => x.EntryId == e.EntryId);
        if (pending?.OfferId != e.OfferId)
        {
            entry.Requests++;
        }

        pending = new Request(e.OfferId, e.EntryId, e.Seats);
    }

    private void When(WaitingListOfferMade e)
    {
        entries.Single(x => x.EntryId == e.EntryId).Offered += e.Seats;
        offers[e.OfferId] = new Offer(e.OfferId, e.EntryId) { Status = OfferStatus.Offered };
        pending = null;
    }

    private void When(WaitingListOfferTaken e) => offers[e.OfferId].Status = OfferStatus.Taken;

    private void When(WaitingListOfferExpired e)
    {
        offers[e.OfferId].Status = OfferStatus.Expired;

        // An offer not taken up ends the registrant's turn: the rest they waited for is not asked for.
        entries.Single(x => x.EntryId == e.EntryId).HasLeft = true;
        if (pending?.EntryId == e.EntryId)
        {
            pending = null;
        }
    }

    private enum OfferStatus
    {
        Offered,
        Taken,
        Expired,
        Declined,
    }

    private sealed record Request(Guid OfferId, Guid EntryId, int Seats);

    private sealed class Offer(Guid offerId, Guid entryId)
    {
        public Guid OfferId { get; } = offerId;

        public Guid EntryId { get; } = entryId;

        public OfferStatus Status { get; set; }
    }

    private sealed class Entry(Guid entryId, string email, int seats)
    {
        public Guid EntryId { get; } = entryId;

        public string Email { get; } = email;

        public int Seats { get; } = seats;

        public int Offered { get; set; }

        public int Requests { get; set; }

        public bool HasLeft { get; set; }

        public bool IsWaiting => !HasLeft && Offered < Seats;

        public bool IsActive(IReadOnlyDictionary<Guid, Offer> offers) =>
            IsWaiting || offers.Values.Any(o => o.EntryId == EntryId && o.Status == OfferStatus.Offered);
    }
}
