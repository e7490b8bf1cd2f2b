using Discounts.Contracts;
using Discounts.Contracts.Events;
using Infrastructure;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;

namespace Discounts;

/// <summary>
/// A promotional code of one conference (its id is <see cref="PromotionalCodeIdentity.IdOf"/>): its
/// terms, and the uses of its quota held by orders in progress and consumed by confirmed ones. A use is
/// held for an order until its reservation ends, so a hold that is never released frees itself; every
/// change is keyed by the order id, so a repeated command changes nothing.
/// </summary>
public sealed class PromotionalCode : EventSourced, IEventSourcedFactory<PromotionalCode>
{
    /// <summary>Codes are short words a registrant types.</summary>
    public const int MaximumCodeLength = 20;

    /// <summary>No business gives away more than this in one order; larger is a typing mistake.</summary>
    public const decimal MaximumAmountOff = 100_000m;

    private readonly Dictionary<Guid, DateTimeOffset> holds = [];
    private readonly HashSet<Guid> redemptions = [];
    private PromotionalCodeDefined? terms;

    public PromotionalCode(Guid id)
        : base(id)
    {
        Handles<PromotionalCodeDefined>(e => terms = e);
        Handles<PromotionalCodeHeld>(e => holds[e.OrderId] = e.Until);
        Handles<PromotionalCodeHoldRefused>(_ => { });
        Handles<PromotionalCodeReleased>(e => holds.Remove(e.OrderId));
        Handles<PromotionalCodeRedeemed>(When);
    }

    public bool IsDefined => terms is not null;

    public int? Quota => terms?.Quota;

    public static PromotionalCode Rehydrate(Guid id, IEnumerable<IVersionedEvent> history)
    {
        var code = new PromotionalCode(id);
        code.LoadFrom(history);
        return code;
    }

    /// <summary>Uses still free at <paramref name="now"/> (holds past their end count as free); null when unlimited.</summary>
    public int? UsesLeft(DateTimeOffset now) => terms?.Quota is { } quota ? quota - redemptions.Count - holds.Count(h => h.Value > now) : null;

    /// <summary>Creates the code or changes its terms; the same terms again change nothing.</summary>
    public void Define(Guid conferenceId, string code, DiscountKind kind, decimal amount, IEnumerable<Guid> seatTypes, int? quota, CombiningRule combining, DateTimeOffset? validUntil)
    {
        ArgumentNullException.ThrowIfNull(seatTypes);
        var text = ValidCode(code);
        if (PromotionalCodeIdentity.IdOf(conferenceId, text) != Id)
        {
            throw new ArgumentException($"Code '{text}' of conference {conferenceId} is not promotional code {Id}.", nameof(code));
        }

        EnsureValidAmount(kind, amount);
        if (!Enum.IsDefined(combining))
        {
            throw new BusinessRuleViolationException($"'{combining}' is not a way of combining codes.");
        }

        if (quota is < 1)
        {
            throw new BusinessRuleViolationException("A quota must allow at least one use; leave it empty for unlimited uses.");
        }

        if (quota is { } limit && limit < redemptions.Count)
        {
            throw new BusinessRuleViolationException($"The code was already used {redemptions.Count} times: its quota cannot be {limit}.");
        }

        var defined = new PromotionalCodeDefined(conferenceId, text, kind, amount, [.. seatTypes.Distinct().Order()], quota, combining, validUntil);
        if (terms is not null && SameTerms(terms, defined))
        {
            return;
        }

        Raise(defined);
    }

    /// <summary>
    /// Holds a use for <paramref name="orderId"/> until <paramref name="until"/>, or records why there is
    /// none; an order that already holds or consumed a use keeps it (the hold may be extended).
    /// </summary>
    public void Hold(Guid orderId, DateTimeOffset until, DateTimeOffset now)
    {
        var current = EnsureDefined();
        if (redemptions.Contains(orderId) || (holds.TryGetValue(orderId, out var held) && held >= until))
        {
            return;
        }

        if (current.ValidUntil is { } validUntil && now > validUntil)
        {
            Raise(new PromotionalCodeHoldRefused(orderId, PromotionalCodeRefusal.Expired));
            return;
        }

        // The order's own hold (past its end or not) is not counted against it.
        var left = current.Quota is { } quota ? quota - redemptions.Count - holds.Count(h => h.Key != orderId && h.Value > now) : (int?)null;
        if (left is <= 0)
        {
            Raise(new PromotionalCodeHoldRefused(orderId, PromotionalCodeRefusal.UsedUp));
            return;
        }

        Raise(new PromotionalCodeHeld(orderId, until, left - 1));
    }

    /// <summary>Frees the use held by the order; nothing happens if it holds none or already consumed it.</summary>
    public void Release(Guid orderId, DateTimeOffset now)
    {
        if (!holds.ContainsKey(orderId))
        {
            return;
        }

        Raise(new PromotionalCodeReleased(orderId, UsesLeftWithout(orderId, now)));
    }

    /// <summary>
    /// Consumes the order's use. An order confirmed without a live hold (its hold ran out first) gets a
    /// use only while one is free: the quota is never exceeded.
    /// </summary>
    public void Redeem(Guid orderId, DateTimeOffset now)
    {
        var current = EnsureDefined();
        if (redemptions.Contains(orderId))
        {
            return;
        }

        var left = UsesLeftWithout(orderId, now);
        if (left is <= 0)
        {
            throw new BusinessRuleViolationException($"Promotional code {current.Code} is used up.");
        }

        Raise(new PromotionalCodeRedeemed(orderId, left - 1));
    }

    private int? UsesLeftWithout(Guid orderId, DateTimeOffset now) =>
        terms?.Quota is { } quota ? quota - redemptions.Count - holds.Count(h => h.Key != orderId && h.Value > now) : null;

    private void When(PromotionalCodeRedeemed e)
    {
        holds.Remove(e.OrderId);
        redemptions.Add(e.OrderId);
    }

    private PromotionalCodeDefined EnsureDefined() =>
        terms ?? throw new BusinessRuleViolationException($"Promotional code {Id} is not defined.");

    private static string ValidCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var text = PromotionalCodeIdentity.Normalize(code);
        if (text.Length is 0 or > MaximumCodeLength || !text.All(char.IsAsciiLetterOrDigit))
        {
            throw new BusinessRuleViolationException($"A code is 1 to {MaximumCodeLength} letters and digits.");
        }

        return text;
    }

    private static void EnsureValidAmount(DiscountKind kind, decimal amount)
    {
        switch (kind)
        {
            case DiscountKind.Percentage when amount is <= 0 or > 100:
                throw new BusinessRuleViolationException("A percentage discount is more than 0% and at most 100%.");
            case DiscountKind.AmountOffOrder when amount is <= 0 or > MaximumAmountOff:
                throw new BusinessRuleViolationException($"An amount off is more than 0 and at most {MaximumAmountOff:N0}.");
            case DiscountKind.Percentage or DiscountKind.AmountOffOrder:
                if (decimal.Round(amount, 2) != amount)
                {
                    throw new BusinessRuleViolationException("A discount has at most two decimals.");
                }

                break;
            default:
                throw new BusinessRuleViolationException($"'{kind}' is not a kind of discount.");
        }
    }

    private static bool SameTerms(PromotionalCodeDefined left, PromotionalCodeDefined right) =>
        left.ConferenceId == right.ConferenceId && left.Code == right.Code && left.Kind == right.Kind && left.Amount == right.Amount
        && left.SeatTypes.SequenceEqual(right.SeatTypes) && left.Quota == right.Quota && left.Combining == right.Combining && left.ValidUntil == right.ValidUntil;
}
