using Discounts.Contracts;
using Registration.Contracts;

namespace Registration.Pricing;

/// <summary>
/// Applies promotional codes to the priced seat lines of an order, in the order the registrant entered
/// them: a pure function, so the same seats and codes always give the same total.
/// A percentage takes off that share of what is left of the lines of its seat types; an amount off
/// comes off what is left of the order; nothing takes the total below zero. A code applies once per
/// order, only if the order has seats of its seat types, and only if it combines with every code
/// already accepted: a cumulative code combines with any other, an exclusive one only with cumulative
/// ones, and the others with each other and with cumulative ones.
/// </summary>
public static class PromotionalCodePricing
{
    public static DiscountedOrder Apply(IReadOnlyList<OrderLine> seatLines, IEnumerable<PromotionalDiscount> codes)
    {
        ArgumentNullException.ThrowIfNull(seatLines);
        ArgumentNullException.ThrowIfNull(codes);

        // What is left to pay of each seat line, and the amounts off the whole order so far.
        var left = seatLines.Select(l => l.LineTotal).ToArray();
        var offOrder = 0m;
        var accepted = new List<PromotionalDiscount>();
        var refused = new List<RefusedPromotionalCode>();
        var discountLines = new List<OrderLine>();

        foreach (var code in codes)
        {
            var refusal = Refusal(code, seatLines, accepted);
            if (refusal is { } reason)
            {
                refused.Add(new RefusedPromotionalCode(code.Code, reason));
                continue;
            }

            var remaining = left.Sum() - offOrder;
            decimal discount;
            if (code.Kind == DiscountKind.Percentage)
            {
                discount = 0m;
                for (var i = 0; i < seatLines.Count; i++)
                {
                    if (Covers(code, seatLines[i]))
                    {
                        var off = Math.Min(left[i], decimal.Round(left[i] * code.Amount / 100m, 2, MidpointRounding.AwayFromZero));
                        left[i] -= off;
                        discount += off;
                    }
                }

                // Amounts off the order already taken may leave less than the lines' share.
                var over = Math.Max(0m, discount - remaining);
                offOrder -= over;
                discount -= over;
            }
            else
            {
                discount = Math.Min(code.Amount, remaining);
                offOrder += discount;
            }

            accepted.Add(code);
            discountLines.Add(new OrderLine(Guid.Empty, $"Promotional code {code.Code}", -discount, 1, -discount));
        }

        var lines = seatLines.Concat(discountLines).ToList();
        return new DiscountedOrder(new OrderTotal(Math.Max(0m, lines.Sum(l => l.LineTotal)), lines), accepted, refused);
    }

    /// <summary>Discount lines carry no seat type.</summary>
    public static bool IsDiscountLine(OrderLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.SeatType == Guid.Empty;
    }

    private static PromotionalCodeRefusal? Refusal(PromotionalDiscount code, IReadOnlyList<OrderLine> seatLines, IReadOnlyList<PromotionalDiscount> accepted)
    {
        if (accepted.Any(a => a.PromotionalCodeId == code.PromotionalCodeId || string.Equals(a.Code, code.Code, StringComparison.OrdinalIgnoreCase)))
        {
            return PromotionalCodeRefusal.AlreadyApplied;
        }

        if (!seatLines.Any(l => l.Quantity > 0 && Covers(code, l)))
        {
            return PromotionalCodeRefusal.DoesNotApplyToSeats;
        }

        return accepted.All(a => Combine(a.Combining, code.Combining)) ? null : PromotionalCodeRefusal.CannotBeCombined;
    }

    private static bool Covers(PromotionalDiscount code, OrderLine line) =>
        code.SeatTypes.Count == 0 || code.SeatTypes.Contains(line.SeatType);

    private static bool Combine(CombiningRule first, CombiningRule second) =>
        first == CombiningRule.Cumulative || second == CombiningRule.Cumulative || (first == CombiningRule.None && second == CombiningRule.None);
}
