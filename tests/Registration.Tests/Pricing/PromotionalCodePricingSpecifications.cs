using Discounts.Contracts;
using Registration.Contracts;
using Registration.Pricing;

namespace Registration.Tests.Pricing;

/// <summary>The conference of the promotional code scenarios: $199 general admission, $500 workshop, $50 cocktail party.</summary>
internal static class ScenarioCodes
{
    public static readonly Guid ConferenceId = Guid.Parse("c0de0000-0000-4000-8000-0000000000c0");
    public static readonly Guid General = Guid.Parse("c0de0000-0000-4000-8000-00000000000a");
    public static readonly Guid Workshop = Guid.Parse("c0de0000-0000-4000-8000-00000000000b");
    public static readonly Guid Cocktail = Guid.Parse("c0de0000-0000-4000-8000-00000000000c");

    public static readonly PromotionalDiscount Speaker123 = Code("SPEAKER123", DiscountKind.Percentage, 100m, [], CombiningRule.None);
    public static readonly PromotionalDiscount Volunteer = Code("VOLUNTEER", DiscountKind.Percentage, 100m, [General], CombiningRule.None);
    public static readonly PromotionalDiscount Copresenter = Code("COPRESENTER", DiscountKind.Percentage, 10m, [Cocktail], CombiningRule.Exclusive);
    public static readonly PromotionalDiscount Ws10 = Code("WS10", DiscountKind.AmountOffOrder, 20m, [], CombiningRule.Cumulative);
    public static readonly PromotionalDiscount OneTimePrecon = Code("1TIMEPRECON", DiscountKind.Percentage, 50m, [Workshop], CombiningRule.None, quota: 1);
    public static readonly PromotionalDiscount ConfOnly = Code("CONFONLY", DiscountKind.AmountOffOrder, 50m, [General, Workshop], CombiningRule.None, quota: 1);

    public static IReadOnlyList<PromotionalDiscount> All { get; } = [Speaker123, Volunteer, Copresenter, Ws10, OneTimePrecon, ConfOnly];

    public static PromotionalDiscount Named(string code) => All.Single(c => c.Code == code);

    public static PromotionalDiscount Code(string code, DiscountKind kind, decimal amount, Guid[] seatTypes, CombiningRule combining, int? quota = null) =>
        new(PromotionalCodeIdentity.IdOf(ConferenceId, code), code, kind, amount, seatTypes, combining, quota);

    public static OrderLine[] Seats(int general, int workshop, int cocktail) =>
        [.. new[]
        {
            new OrderLine(General, "General admission", 199m, general, 199m * general),
            new OrderLine(Workshop, "CQRS Workshop", 500m, workshop, 500m * workshop),
            new OrderLine(Cocktail, "Additional cocktail party", 50m, cocktail, 50m * cocktail),
        }.Where(l => l.Quantity > 0)];

    public static DiscountedOrder Price(OrderLine[] seats, params string[] codes) =>
        PromotionalCodePricing.Apply(seats, codes.Select(Named));
}

public class given_the_promotional_codes_of_the_scenarios
{
    private static readonly OrderLine[] ThreeGeneralOneWorkshopTwoCocktail = ScenarioCodes.Seats(3, 1, 2);

    [Fact]
    public void when_no_code_is_entered_then_the_order_costs_1197()
    {
        Assert.Equal(1197m, ScenarioCodes.Price(ThreeGeneralOneWorkshopTwoCocktail).Totals.Total);
    }

    [Theory]
    [InlineData(3, 1, 2, "SPEAKER123", 0)]
    [InlineData(3, 1, 2, "VOLUNTEER", 600)]
    [InlineData(3, 1, 2, "COPRESENTER,WS10", 1167)]
    [InlineData(3, 1, 2, "COPRESENTER,VOLUNTEER", 1187)]
    [InlineData(2, 1, 0, "1TIMEPRECON", 648)]
    [InlineData(1, 1, 1, "CONFONLY", 699)]
    public void when_codes_are_entered_then_the_total_is_as_the_scenarios_say(int general, int workshop, int cocktail, string codes, decimal total)
    {
        var priced = ScenarioCodes.Price(ScenarioCodes.Seats(general, workshop, cocktail), codes.Split(','));

        Assert.Equal(total, priced.Totals.Total);
    }

    [Fact]
    public void when_speaker123_is_entered_then_the_order_is_free_of_charge()
    {
        var priced = ScenarioCodes.Price(ThreeGeneralOneWorkshopTwoCocktail, "SPEAKER123");

        Assert.True(priced.Totals.IsFreeOfCharge);
        Assert.Equal(new OrderLine(Guid.Empty, "Promotional code SPEAKER123", -1197m, 1, -1197m), priced.Totals.Lines[^1]);
    }

    [Fact]
    public void when_volunteer_is_entered_then_only_the_general_admission_lines_are_free()
    {
        var priced = ScenarioCodes.Price(ThreeGeneralOneWorkshopTwoCocktail, "VOLUNTEER");

        Assert.Equal(-597m, priced.Totals.Lines.Single(PromotionalCodePricing.IsDiscountLine).LineTotal);
    }

    [Fact]
    public void when_copresenter_then_ws10_are_entered_then_each_discount_is_its_own_line()
    {
        var priced = ScenarioCodes.Price(ThreeGeneralOneWorkshopTwoCocktail, "COPRESENTER", "WS10");

        Assert.Equal(
            [new OrderLine(Guid.Empty, "Promotional code COPRESENTER", -10m, 1, -10m), new OrderLine(Guid.Empty, "Promotional code WS10", -20m, 1, -20m)],
            priced.Totals.Lines.Where(PromotionalCodePricing.IsDiscountLine));
        Assert.Equal(["COPRESENTER", "WS10"], priced.Accepted.Select(c => c.Code));
        Assert.Empty(priced.Refused);
    }

    [Fact]
    public void when_copresenter_then_volunteer_are_entered_then_volunteer_is_refused_as_copresenter_is_exclusive()
    {
        var priced = ScenarioCodes.Price(ThreeGeneralOneWorkshopTwoCocktail, "COPRESENTER", "VOLUNTEER");

        Assert.Equal([new RefusedPromotionalCode("VOLUNTEER", PromotionalCodeRefusal.CannotBeCombined)], priced.Refused);
        Assert.Equal(["COPRESENTER"], priced.Accepted.Select(c => c.Code));
    }

    [Fact]
    public void when_1timeprecon_is_entered_then_half_the_workshop_comes_off()
    {
        var priced = ScenarioCodes.Price(ScenarioCodes.Seats(2, 1, 0), "1TIMEPRECON");

        Assert.Equal(898m, priced.Totals.Lines.Where(l => !PromotionalCodePricing.IsDiscountLine(l)).Sum(l => l.LineTotal));
        Assert.Equal(-250m, priced.Totals.Lines.Single(PromotionalCodePricing.IsDiscountLine).LineTotal);
    }

    [Fact]
    public void when_confonly_is_entered_then_50_comes_off_the_order()
    {
        var priced = ScenarioCodes.Price(ScenarioCodes.Seats(1, 1, 1), "CONFONLY");

        Assert.Equal(749m, priced.Totals.Lines.Where(l => !PromotionalCodePricing.IsDiscountLine(l)).Sum(l => l.LineTotal));
        Assert.Equal(-50m, priced.Totals.Lines.Single(PromotionalCodePricing.IsDiscountLine).LineTotal);
    }
}

public class given_a_code_whose_seat_types_are_not_in_the_order
{
    [Theory]
    [InlineData("VOLUNTEER")]
    [InlineData("1TIMEPRECON")]
    [InlineData("COPRESENTER")]
    public void when_it_is_entered_then_it_is_refused_and_the_total_is_unchanged(string code)
    {
        var seats = code == "VOLUNTEER" ? ScenarioCodes.Seats(0, 1, 1) : ScenarioCodes.Seats(2, 0, 0);
        var before = ScenarioCodes.Price(seats).Totals;

        var priced = ScenarioCodes.Price(seats, code);

        Assert.Equal([new RefusedPromotionalCode(code, PromotionalCodeRefusal.DoesNotApplyToSeats)], priced.Refused);
        Assert.Empty(priced.Accepted);
        Assert.Equal(before.Total, priced.Totals.Total);
        Assert.Equal(before.Lines, priced.Totals.Lines);
    }

    [Fact]
    public void when_confonly_is_entered_on_cocktails_only_then_it_is_refused()
    {
        var priced = ScenarioCodes.Price(ScenarioCodes.Seats(0, 0, 2), "CONFONLY");

        Assert.Equal(100m, priced.Totals.Total);
        Assert.Equal(PromotionalCodeRefusal.DoesNotApplyToSeats, Assert.Single(priced.Refused).Reason);
    }
}

public class given_codes_that_combine_or_not
{
    private static readonly PromotionalDiscount PlainA = ScenarioCodes.Code("PLAINA", DiscountKind.Percentage, 10m, [], CombiningRule.None);
    private static readonly PromotionalDiscount PlainB = ScenarioCodes.Code("PLAINB", DiscountKind.AmountOffOrder, 10m, [], CombiningRule.None);
    private static readonly PromotionalDiscount ExclusiveA = ScenarioCodes.Code("EXCLA", DiscountKind.AmountOffOrder, 10m, [], CombiningRule.Exclusive);
    private static readonly PromotionalDiscount ExclusiveB = ScenarioCodes.Code("EXCLB", DiscountKind.AmountOffOrder, 10m, [], CombiningRule.Exclusive);
    private static readonly PromotionalDiscount CumulativeA = ScenarioCodes.Code("CUMA", DiscountKind.AmountOffOrder, 10m, [], CombiningRule.Cumulative);
    private static readonly PromotionalDiscount CumulativeB = ScenarioCodes.Code("CUMB", DiscountKind.AmountOffOrder, 10m, [], CombiningRule.Cumulative);

    public static TheoryData<string, string, bool> Pairs => new()
    {
        { "CUMA", "CUMB", true },
        { "CUMA", "EXCLA", true },
        { "EXCLA", "CUMA", true },
        { "CUMA", "PLAINA", true },
        { "PLAINA", "CUMA", true },
        { "PLAINA", "PLAINB", true },
        { "EXCLA", "PLAINA", false },
        { "PLAINA", "EXCLA", false },
        { "EXCLA", "EXCLB", false },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void when_a_second_code_is_entered_then_it_is_accepted_only_if_the_two_combine(string first, string second, bool combine)
    {
        var priced = PromotionalCodePricing.Apply(ScenarioCodes.Seats(1, 0, 0), [Named(first), Named(second)]);

        Assert.Equal(combine ? [first, second] : [first], priced.Accepted.Select(c => c.Code));
        Assert.Equal(combine ? [] : [new RefusedPromotionalCode(second, PromotionalCodeRefusal.CannotBeCombined)], priced.Refused);
    }

    [Fact]
    public void when_an_exclusive_code_follows_a_cumulative_and_a_plain_one_then_it_is_refused_for_the_plain_one()
    {
        var priced = PromotionalCodePricing.Apply(ScenarioCodes.Seats(1, 0, 0), [CumulativeA, PlainA, ExclusiveA]);

        Assert.Equal(["CUMA", "PLAINA"], priced.Accepted.Select(c => c.Code));
        Assert.Equal(PromotionalCodeRefusal.CannotBeCombined, Assert.Single(priced.Refused).Reason);
    }

    [Fact]
    public void when_the_same_code_is_entered_twice_then_it_applies_once()
    {
        var priced = PromotionalCodePricing.Apply(ScenarioCodes.Seats(1, 0, 0), [CumulativeA, CumulativeA with { Code = "cuma" }]);

        Assert.Equal(189m, priced.Totals.Total);
        Assert.Equal([new RefusedPromotionalCode("cuma", PromotionalCodeRefusal.AlreadyApplied)], priced.Refused);
    }

    private static PromotionalDiscount Named(string code) =>
        new[] { PlainA, PlainB, ExclusiveA, ExclusiveB, CumulativeA, CumulativeB }.Single(c => c.Code == code);
}

public class given_discounts_larger_than_the_order
{
    [Fact]
    public void when_an_amount_off_exceeds_the_total_then_the_total_is_zero_and_the_line_takes_only_what_was_left()
    {
        var big = ScenarioCodes.Code("BIG", DiscountKind.AmountOffOrder, 500m, [], CombiningRule.None);

        var priced = PromotionalCodePricing.Apply(ScenarioCodes.Seats(0, 0, 2), [big]);

        Assert.Equal(0m, priced.Totals.Total);
        Assert.Equal(-100m, priced.Totals.Lines[^1].LineTotal);
        Assert.True(priced.Totals.IsFreeOfCharge);
    }

    [Fact]
    public void when_an_amount_off_follows_a_full_discount_then_it_takes_nothing_more()
    {
        var priced = ScenarioCodes.Price(ScenarioCodes.Seats(3, 1, 2), "SPEAKER123", "WS10");

        Assert.Equal(0m, priced.Totals.Total);
        Assert.Equal(0m, priced.Totals.Lines[^1].LineTotal);
        Assert.Equal(["SPEAKER123", "WS10"], priced.Accepted.Select(c => c.Code));
    }

    [Fact]
    public void when_a_percentage_follows_amounts_off_that_took_most_of_the_order_then_the_total_stays_at_zero()
    {
        var big = ScenarioCodes.Code("BIG", DiscountKind.AmountOffOrder, 190m, [], CombiningRule.Cumulative);

        var priced = PromotionalCodePricing.Apply(ScenarioCodes.Seats(1, 0, 0), [big, ScenarioCodes.Volunteer]);

        Assert.Equal(0m, priced.Totals.Total);
        Assert.Equal([-190m, -9m], priced.Totals.Lines.Where(PromotionalCodePricing.IsDiscountLine).Select(l => l.LineTotal));
        Assert.Equal(priced.Totals.Total, priced.Totals.Lines.Sum(l => l.LineTotal));
    }

    [Fact]
    public void when_two_percentages_cover_the_same_line_then_the_second_applies_to_what_the_first_left()
    {
        var half = ScenarioCodes.Code("HALF", DiscountKind.Percentage, 50m, [ScenarioCodes.Workshop], CombiningRule.None);

        var priced = PromotionalCodePricing.Apply(ScenarioCodes.Seats(0, 1, 0), [half, ScenarioCodes.OneTimePrecon]);

        Assert.Equal(125m, priced.Totals.Total);
    }

    [Fact]
    public void when_a_percentage_gives_fractions_of_a_cent_then_it_is_rounded_to_the_cent()
    {
        var third = ScenarioCodes.Code("THIRD", DiscountKind.Percentage, 33.33m, [], CombiningRule.None);

        var priced = PromotionalCodePricing.Apply(ScenarioCodes.Seats(1, 0, 0), [third]);

        Assert.Equal(132.67m, priced.Totals.Total);
    }
}
