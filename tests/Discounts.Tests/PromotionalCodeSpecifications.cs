using Discounts.Contracts;
using Discounts.Contracts.Events;
using Infrastructure;
using static Discounts.Tests.PromotionalCodeData;

namespace Discounts.Tests;

public class given_no_promotional_code
{
    private readonly PromotionalCode code = new(IdOf("Ws10"));

    [Fact]
    public void when_defining_it_then_its_terms_are_recorded_with_the_code_in_capitals()
    {
        code.Define(ConferenceId, "Ws10", DiscountKind.AmountOffOrder, 20m, [], null, CombiningRule.Cumulative, null);

        AssertEvents([new PromotionalCodeDefined(ConferenceId, "WS10", DiscountKind.AmountOffOrder, 20m, [], null, CombiningRule.Cumulative, null)], code.PendingEvents);
        Assert.True(code.IsDefined);
    }

    [Fact]
    public void when_defining_it_for_seat_types_then_they_are_kept_once_each()
    {
        var both = new PromotionalCode(IdOf("CONFONLY"));

        both.Define(ConferenceId, "confonly", DiscountKind.AmountOffOrder, 50m, [Workshop, General, Workshop], 1, CombiningRule.None, null);

        Assert.Equal([General, Workshop], ((PromotionalCodeDefined)both.PendingEvents.Single()).SeatTypes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("WS 10")]
    [InlineData("WS-10")]
    [InlineData("ÉTÉ2026")]
    public void when_the_code_is_not_letters_and_digits_then_it_is_refused(string text)
    {
        var invalid = new PromotionalCode(IdOf(text));

        Assert.Throws<BusinessRuleViolationException>(() => invalid.Define(ConferenceId, text, DiscountKind.Percentage, 10m, [], null, CombiningRule.None, null));
        Assert.Empty(invalid.PendingEvents);
    }

    [Fact]
    public void when_the_code_has_500_characters_then_it_is_refused()
    {
        var text = new string('A', 500);
        var invalid = new PromotionalCode(IdOf(text));

        var refusal = Assert.Throws<BusinessRuleViolationException>(() => invalid.Define(ConferenceId, text, DiscountKind.Percentage, 10m, [], null, CombiningRule.None, null));
        Assert.Contains("letters and digits", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DiscountKind.Percentage, -10)]
    [InlineData(DiscountKind.Percentage, 0)]
    [InlineData(DiscountKind.Percentage, 101)]
    [InlineData(DiscountKind.Percentage, 10.005)]
    [InlineData(DiscountKind.AmountOffOrder, -20)]
    [InlineData(DiscountKind.AmountOffOrder, 0)]
    [InlineData(DiscountKind.AmountOffOrder, 100001)]
    public void when_the_discount_is_out_of_range_then_it_is_refused(DiscountKind kind, double amount)
    {
        Assert.Throws<BusinessRuleViolationException>(() => code.Define(ConferenceId, "WS10", kind, (decimal)amount, [], null, CombiningRule.None, null));
        Assert.Empty(code.PendingEvents);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void when_the_quota_is_not_at_least_one_then_it_is_refused(int quota)
    {
        Assert.Throws<BusinessRuleViolationException>(() => code.Define(ConferenceId, "WS10", DiscountKind.AmountOffOrder, 20m, [], quota, CombiningRule.None, null));
        Assert.Empty(code.PendingEvents);
    }

    [Fact]
    public void when_the_code_is_of_another_conference_then_it_is_refused()
    {
        Assert.Throws<ArgumentException>(() => code.Define(Guid.NewGuid(), "WS10", DiscountKind.AmountOffOrder, 20m, [], null, CombiningRule.None, null));
    }

    [Fact]
    public void when_holding_it_then_it_is_refused_as_it_does_not_exist()
    {
        Assert.Throws<BusinessRuleViolationException>(() => code.Hold(Order, Now.AddMinutes(15), Now));
    }
}

public class given_a_promotional_code
{
    private readonly PromotionalCode code = Given("SPEAKER123", Unlimited());

    [Fact]
    public void when_defining_the_same_terms_again_then_nothing_changes()
    {
        code.Define(ConferenceId, "speaker123", DiscountKind.Percentage, 100m, [], null, CombiningRule.None, null);

        Assert.Empty(code.PendingEvents);
    }

    [Fact]
    public void when_changing_its_terms_then_the_new_terms_are_recorded()
    {
        code.Define(ConferenceId, "SPEAKER123", DiscountKind.Percentage, 50m, [General], 100, CombiningRule.Exclusive, Now.AddDays(30));

        AssertEvents([new PromotionalCodeDefined(ConferenceId, "SPEAKER123", DiscountKind.Percentage, 50m, [General], 100, CombiningRule.Exclusive, Now.AddDays(30))], code.PendingEvents);
    }

    [Fact]
    public void when_unlimited_and_held_by_many_orders_then_every_order_gets_a_use()
    {
        foreach (var _ in Enumerable.Range(0, 5))
        {
            code.Hold(Guid.NewGuid(), Now.AddMinutes(15), Now);
        }

        Assert.Equal(5, code.PendingEvents.OfType<PromotionalCodeHeld>().Count());
        Assert.Null(code.UsesLeft(Now));
    }
}

public class given_a_single_use_code
{
    private readonly PromotionalCode code = Given("1TIMEPRECON", SingleUse());

    [Fact]
    public void when_an_order_holds_it_then_no_use_is_left()
    {
        code.Hold(Order, Now.AddMinutes(15), Now);

        AssertEvents([new PromotionalCodeHeld(Order, Now.AddMinutes(15), 0)], code.PendingEvents);
        Assert.Equal(0, code.UsesLeft(Now));
    }

    [Fact]
    public void when_the_code_is_past_its_valid_until_then_the_hold_is_refused_as_expired()
    {
        var expiring = Given("1TIMEPRECON", SingleUse() with { ValidUntil = Now.AddSeconds(-1) });

        expiring.Hold(Order, Now.AddMinutes(15), Now);

        AssertEvents([new PromotionalCodeHoldRefused(Order, PromotionalCodeRefusal.Expired)], expiring.PendingEvents);
    }

    [Fact]
    public void when_redeemed_without_a_hold_while_a_use_is_free_then_it_is_consumed()
    {
        code.Redeem(Order, Now);

        AssertEvents([new PromotionalCodeRedeemed(Order, 0)], code.PendingEvents);
    }

    [Fact]
    public void when_released_by_an_order_that_holds_nothing_then_nothing_happens()
    {
        code.Release(Order, Now);

        Assert.Empty(code.PendingEvents);
    }
}

public class given_a_single_use_code_held_by_an_order
{
    private readonly PromotionalCode code = Given("1TIMEPRECON", SingleUse(), new PromotionalCodeHeld(Order, Now.AddMinutes(15), 0));

    [Fact]
    public void when_another_order_asks_for_it_then_it_is_refused_as_used_up()
    {
        code.Hold(OtherOrder, Now.AddMinutes(16), Now.AddMinutes(1));

        AssertEvents([new PromotionalCodeHoldRefused(OtherOrder, PromotionalCodeRefusal.UsedUp)], code.PendingEvents);
    }

    [Fact]
    public void when_the_same_order_asks_again_then_nothing_changes()
    {
        code.Hold(Order, Now.AddMinutes(15), Now.AddMinutes(1));

        Assert.Empty(code.PendingEvents);
    }

    [Fact]
    public void when_the_same_order_asks_for_longer_then_its_hold_is_extended()
    {
        code.Hold(Order, Now.AddMinutes(30), Now.AddMinutes(1));

        AssertEvents([new PromotionalCodeHeld(Order, Now.AddMinutes(30), 0)], code.PendingEvents);
    }

    [Fact]
    public void when_the_hold_has_run_out_then_another_order_gets_the_use()
    {
        code.Hold(OtherOrder, Now.AddMinutes(40), Now.AddMinutes(16));

        AssertEvents([new PromotionalCodeHeld(OtherOrder, Now.AddMinutes(40), 0)], code.PendingEvents);
    }

    [Fact]
    public void when_the_order_expires_and_releases_it_then_the_use_is_free_again()
    {
        code.Release(Order, Now.AddMinutes(5));
        code.Hold(OtherOrder, Now.AddMinutes(20), Now.AddMinutes(5));

        AssertEvents([new PromotionalCodeReleased(Order, 1), new PromotionalCodeHeld(OtherOrder, Now.AddMinutes(20), 0)], code.PendingEvents);
    }

    [Fact]
    public void when_the_order_is_confirmed_then_its_use_is_consumed()
    {
        code.Redeem(Order, Now.AddMinutes(5));

        AssertEvents([new PromotionalCodeRedeemed(Order, 0)], code.PendingEvents);
    }

    [Fact]
    public void when_another_order_is_confirmed_with_it_then_it_is_refused_as_used_up()
    {
        Assert.Throws<BusinessRuleViolationException>(() => code.Redeem(OtherOrder, Now.AddMinutes(5)));
        Assert.Empty(code.PendingEvents);
    }

    [Fact]
    public void when_changing_the_quota_to_two_then_another_order_can_hold_it()
    {
        code.Define(ConferenceId, "1TIMEPRECON", DiscountKind.Percentage, 50m, [Workshop], 2, CombiningRule.None, null);
        code.Hold(OtherOrder, Now.AddMinutes(15), Now);

        Assert.IsType<PromotionalCodeHeld>(code.PendingEvents[^1]);
        Assert.Equal(0, code.UsesLeft(Now));
    }
}

public class given_a_single_use_code_consumed_by_an_order
{
    private readonly PromotionalCode code = Given(
        "1TIMEPRECON", SingleUse(), new PromotionalCodeHeld(Order, Now.AddMinutes(15), 0), new PromotionalCodeRedeemed(Order, 0));

    [Fact]
    public void when_a_second_order_asks_for_it_then_it_is_refused_as_used_up_even_long_after()
    {
        code.Hold(OtherOrder, Now.AddDays(2).AddMinutes(15), Now.AddDays(2));

        AssertEvents([new PromotionalCodeHoldRefused(OtherOrder, PromotionalCodeRefusal.UsedUp)], code.PendingEvents);
    }

    [Fact]
    public void when_the_confirmation_is_delivered_again_then_nothing_changes()
    {
        code.Redeem(Order, Now.AddMinutes(6));
        code.Hold(Order, Now.AddMinutes(30), Now.AddMinutes(6));
        code.Release(Order, Now.AddMinutes(6));

        Assert.Empty(code.PendingEvents);
    }

    [Fact]
    public void when_the_quota_is_lowered_below_the_uses_consumed_then_it_is_refused()
    {
        var twice = Given("1TIMEPRECON", SingleUse() with { Quota = 2 }, new PromotionalCodeRedeemed(Order, 1), new PromotionalCodeRedeemed(OtherOrder, 0));

        Assert.Throws<BusinessRuleViolationException>(() => twice.Define(ConferenceId, "1TIMEPRECON", DiscountKind.Percentage, 50m, [Workshop], 1, CombiningRule.None, null));
    }
}
