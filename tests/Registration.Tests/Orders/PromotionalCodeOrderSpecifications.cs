using Discounts;
using Discounts.Contracts;
using Discounts.Contracts.Commands;
using Discounts.Contracts.Events;
using Infrastructure.Messaging;
using Registration.Contracts;
using Registration.Contracts.Commands;
using Registration.Contracts.Events;
using Registration.Orders;
using Registration.Pricing;
using Registration.PromotionalCodes;
using Registration.Tests.Fakes;
using Registration.Tests.Pricing;
using static Registration.Tests.Pricing.ScenarioCodes;

namespace Registration.Tests.Orders;

/// <summary>
/// The order, its command handler, the promotional-code use handler and the Discounts aggregate wired
/// through an in-memory bus: commands and events are delivered until nothing is left.
/// </summary>
internal sealed class PromotionalCodeHarness
{
    public static readonly Guid OrderId = Guid.Parse("c0de0000-0000-4000-8000-000000000001");
    public static readonly Guid OtherOrderId = Guid.Parse("c0de0000-0000-4000-8000-000000000002");

    public PromotionalCodeHarness(RegistrationOptions? options = null)
    {
        var prices = new FakeSeatTypePrices()
            .Add(ConferenceId, General, "General admission", 199m)
            .Add(ConferenceId, Workshop, "CQRS Workshop", 500m)
            .Add(ConferenceId, Cocktail, "Additional cocktail party", 50m);
        Orders = new FakeEventSourcedRepository<Order>(Bus);
        Codes = new FakeEventSourcedRepository<PromotionalCode>(Bus);
        foreach (var code in ScenarioCodes.All)
        {
            Known.Add(ConferenceId, new KnownPromotionalCode(code, null, code.Quota));
        }

        OrderHandler = new OrderCommandHandler(Orders, new PricingService(prices), Clock, options, Known);
        CodeHandler = new PromotionalCodeCommandHandler(Codes, Clock);
        UseHandler = new PromotionalCodeUseHandler(Orders, Bus);
    }

    public TestClock Clock { get; } = new();

    public InMemoryBus Bus { get; } = new();

    public FakePromotionalCodes Known { get; } = new();

    public FakeEventSourcedRepository<Order> Orders { get; }

    public FakeEventSourcedRepository<PromotionalCode> Codes { get; }

    public OrderCommandHandler OrderHandler { get; }

    public PromotionalCodeCommandHandler CodeHandler { get; }

    public PromotionalCodeUseHandler UseHandler { get; }

    public async Task DefineAllAsync()
    {
        foreach (var code in ScenarioCodes.All)
        {
            await CodeHandler.HandleAsync(new DefinePromotionalCode(ConferenceId, code.Code, code.Kind, code.Amount, code.SeatTypes, code.Quota, code.Combining, null), default);
        }

        await DrainAsync();
    }

    public async Task PlaceAsync(Guid orderId, int general, int workshop, int cocktail)
    {
        var seats = new[] { new SeatQuantity(General, general), new SeatQuantity(Workshop, workshop), new SeatQuantity(Cocktail, cocktail) };
        await OrderHandler.HandleAsync(new RegisterToConference(orderId, ConferenceId, [.. seats.Where(s => s.Quantity > 0)]), default);
        await DrainAsync();
    }

    public async Task ApplyAsync(Guid orderId, params string[] codes)
    {
        await OrderHandler.HandleAsync(new ApplyPromotionalCodes(orderId, codes), default);
        await DrainAsync();
    }

    public OrderTotalsCalculated Totals(Guid orderId) => Orders.Events(orderId).OfType<OrderTotalsCalculated>().Last();

    public OrderPromotionalCodesApplied Applied(Guid orderId) => Orders.Events(orderId).OfType<OrderPromotionalCodesApplied>().Last();

    public IReadOnlyList<object> CodeEvents(string code) => Codes.Events(PromotionalCodeIdentity.IdOf(ConferenceId, code)).Cast<object>().ToList();

    /// <summary>Delivers every message sent or published so far, and whatever they cause.</summary>
    public async Task DrainAsync()
    {
        while (Bus.TryTake(out var message))
        {
            switch (message)
            {
                case Envelope<ICommand> { Body: HoldPromotionalCode c }: await CodeHandler.HandleAsync(c, default); break;
                case Envelope<ICommand> { Body: ReleasePromotionalCode c }: await CodeHandler.HandleAsync(c, default); break;
                case Envelope<ICommand> { Body: RedeemPromotionalCode c }: await CodeHandler.HandleAsync(c, default); break;
                case Envelope<ICommand> { Body: WithdrawPromotionalCode c }: await OrderHandler.HandleAsync(c, default); break;
                case Envelope<ICommand> { Body: MarkPromotionalCodeHeld c }: await OrderHandler.HandleAsync(c, default); break;
                case Envelope<IEvent> { Body: OrderPromotionalCodesApplied e }: await UseHandler.HandleAsync(e, default); break;
                case Envelope<IEvent> { Body: OrderExpired e }: await UseHandler.HandleAsync(e, default); break;
                case Envelope<IEvent> { Body: OrderConfirmed e }: await UseHandler.HandleAsync(e, default); break;
                case Envelope<IEvent> { Body: PromotionalCodeHeld e }: await UseHandler.HandleAsync(e, default); break;
                case Envelope<IEvent> { Body: PromotionalCodeHoldRefused e }: await UseHandler.HandleAsync(e, default); break;
                default: break;
            }
        }
    }
}

public class given_an_order_for_three_general_admissions_a_workshop_and_two_cocktail_parties
{
    private readonly PromotionalCodeHarness harness = new();

    private async Task GivenAsync()
    {
        await harness.DefineAllAsync();
        await harness.PlaceAsync(PromotionalCodeHarness.OrderId, 3, 1, 2);
    }

    [Theory]
    [InlineData("SPEAKER123", 0)]
    [InlineData("VOLUNTEER", 600)]
    [InlineData("COPRESENTER,WS10", 1167)]
    [InlineData("COPRESENTER,VOLUNTEER", 1187)]
    public async Task when_the_registrant_enters_codes_then_the_order_is_priced_as_the_scenarios_say(string codes, decimal total)
    {
        await GivenAsync();

        await harness.ApplyAsync(PromotionalCodeHarness.OrderId, codes.Split(','));

        Assert.Equal(total, harness.Totals(PromotionalCodeHarness.OrderId).Total);
        Assert.Equal(total == 0, harness.Totals(PromotionalCodeHarness.OrderId).IsFreeOfCharge);
    }

    [Fact]
    public async Task when_copresenter_then_volunteer_are_entered_then_volunteer_is_refused_as_it_cannot_be_combined()
    {
        await GivenAsync();

        await harness.ApplyAsync(PromotionalCodeHarness.OrderId, "copresenter", "Volunteer");

        var codes = harness.Applied(PromotionalCodeHarness.OrderId);
        Assert.Equal(["COPRESENTER"], codes.Accepted.Select(c => c.Code));
        Assert.Equal([new RefusedPromotionalCode("VOLUNTEER", PromotionalCodeRefusal.CannotBeCombined)], codes.Refused);
    }

    [Fact]
    public async Task when_an_unknown_code_is_entered_then_it_is_refused_and_the_total_is_unchanged()
    {
        await GivenAsync();

        await harness.ApplyAsync(PromotionalCodeHarness.OrderId, "NOSUCHCODE", new string('X', 500));

        Assert.Equal(
            [new RefusedPromotionalCode("NOSUCHCODE", PromotionalCodeRefusal.Unknown), new RefusedPromotionalCode(new string('X', 500), PromotionalCodeRefusal.Unknown)],
            harness.Applied(PromotionalCodeHarness.OrderId).Refused);
        Assert.Equal(1197m, harness.Totals(PromotionalCodeHarness.OrderId).Total);
    }

    [Fact]
    public async Task when_an_expired_code_is_entered_then_it_is_refused_as_expired()
    {
        await GivenAsync();
        harness.Known.Add(ConferenceId, new KnownPromotionalCode(Ws10, harness.Clock.Now.AddMinutes(-1), null));

        await harness.ApplyAsync(PromotionalCodeHarness.OrderId, "WS10");

        Assert.Equal([new RefusedPromotionalCode("WS10", PromotionalCodeRefusal.Expired)], harness.Applied(PromotionalCodeHarness.OrderId).Refused);
        Assert.Equal(1197m, harness.Totals(PromotionalCodeHarness.OrderId).Total);
    }

    [Fact]
    public async Task when_the_same_codes_are_entered_again_then_nothing_changes()
    {
        await GivenAsync();
        await harness.ApplyAsync(PromotionalCodeHarness.OrderId, "COPRESENTER", "WS10");
        var before = harness.Orders.Events(PromotionalCodeHarness.OrderId).Count;

        await harness.ApplyAsync(PromotionalCodeHarness.OrderId, "COPRESENTER", "WS10");

        Assert.Equal(before, harness.Orders.Events(PromotionalCodeHarness.OrderId).Count);
    }

    [Fact]
    public async Task when_the_codes_are_removed_then_the_order_costs_its_full_price_again()
    {
        await GivenAsync();
        await harness.ApplyAsync(PromotionalCodeHarness.OrderId, "SPEAKER123");

        await harness.ApplyAsync(PromotionalCodeHarness.OrderId);

        Assert.Equal(1197m, harness.Totals(PromotionalCodeHarness.OrderId).Total);
        Assert.Empty(harness.Applied(PromotionalCodeHarness.OrderId).Accepted);
    }

    [Fact]
    public async Task when_the_registrant_drops_the_general_admissions_then_volunteer_no_longer_applies()
    {
        await GivenAsync();
        await harness.ApplyAsync(PromotionalCodeHarness.OrderId, "VOLUNTEER");

        await harness.OrderHandler.HandleAsync(new RegisterToConference(PromotionalCodeHarness.OrderId, ConferenceId, [new(Workshop, 1)]), default);
        await harness.DrainAsync();

        Assert.Equal(500m, harness.Totals(PromotionalCodeHarness.OrderId).Total);
        Assert.Equal(PromotionalCodeRefusal.DoesNotApplyToSeats, Assert.Single(harness.Applied(PromotionalCodeHarness.OrderId).Refused).Reason);
    }
}

public class given_the_single_use_codes
{
    private readonly PromotionalCodeHarness harness = new();

    [Fact]
    public async Task when_a_single_use_code_is_applied_then_its_use_is_held_until_the_seats_are_released_after_the_expiration_buffer()
    {
        var shortBuffer = new PromotionalCodeHarness(new RegistrationOptions { ReservationWindow = TimeSpan.FromMinutes(10), ExpirationBuffer = TimeSpan.FromMinutes(3) });
        await shortBuffer.DefineAllAsync();
        await shortBuffer.PlaceAsync(PromotionalCodeHarness.OrderId, 2, 1, 0);

        await shortBuffer.ApplyAsync(PromotionalCodeHarness.OrderId, "1TIMEPRECON");

        var held = shortBuffer.CodeEvents("1TIMEPRECON").OfType<PromotionalCodeHeld>().Single();
        Assert.Equal(TestClock.Start.AddMinutes(10 + 3), shortBuffer.Applied(PromotionalCodeHarness.OrderId).HoldUntil);
        Assert.Equal(TestClock.Start.AddMinutes(10 + 3), held.Until);
    }

    [Fact]
    public async Task when_1timeprecon_is_entered_on_a_workshop_and_two_general_admissions_then_the_order_costs_648_and_a_use_is_held()
    {
        await harness.DefineAllAsync();
        await harness.PlaceAsync(PromotionalCodeHarness.OrderId, 2, 1, 0);

        await harness.ApplyAsync(PromotionalCodeHarness.OrderId, "1TIMEPRECON");

        Assert.Equal(648m, harness.Totals(PromotionalCodeHarness.OrderId).Total);
        Assert.Contains(harness.CodeEvents("1TIMEPRECON"), e => e is PromotionalCodeHeld h && h.OrderId == PromotionalCodeHarness.OrderId);
        Assert.Contains(harness.Orders.Events(PromotionalCodeHarness.OrderId), e => e is OrderPromotionalCodeHeld);
    }

    [Fact]
    public async Task when_confonly_is_entered_on_one_of_each_seat_then_the_order_costs_699()
    {
        await harness.DefineAllAsync();
        await harness.PlaceAsync(PromotionalCodeHarness.OrderId, 1, 1, 1);

        await harness.ApplyAsync(PromotionalCodeHarness.OrderId, "CONFONLY");

        Assert.Equal(699m, harness.Totals(PromotionalCodeHarness.OrderId).Total);
    }

    [Fact]
    public async Task when_two_orders_race_for_1timeprecon_then_only_the_first_held_keeps_it_and_the_other_is_priced_without_it()
    {
        await harness.DefineAllAsync();
        await harness.PlaceAsync(PromotionalCodeHarness.OrderId, 2, 1, 0);
        await harness.PlaceAsync(PromotionalCodeHarness.OtherOrderId, 2, 1, 0);

        // Both orders accept the code before either hold is answered.
        await harness.OrderHandler.HandleAsync(new ApplyPromotionalCodes(PromotionalCodeHarness.OrderId, ["1TIMEPRECON"]), default);
        await harness.OrderHandler.HandleAsync(new ApplyPromotionalCodes(PromotionalCodeHarness.OtherOrderId, ["1TIMEPRECON"]), default);
        await harness.DrainAsync();

        Assert.Equal(648m, harness.Totals(PromotionalCodeHarness.OrderId).Total);
        Assert.Equal(898m, harness.Totals(PromotionalCodeHarness.OtherOrderId).Total);
        Assert.Equal([new RefusedPromotionalCode("1TIMEPRECON", PromotionalCodeRefusal.UsedUp)], harness.Applied(PromotionalCodeHarness.OtherOrderId).Refused);
    }

    [Fact]
    public async Task when_the_first_order_is_confirmed_then_the_code_is_consumed_and_refused_on_a_second_order()
    {
        await harness.DefineAllAsync();
        await harness.PlaceAsync(PromotionalCodeHarness.OrderId, 2, 1, 0);
        await harness.ApplyAsync(PromotionalCodeHarness.OrderId, "1TIMEPRECON");
        await harness.OrderHandler.HandleAsync(new ConfirmOrder(PromotionalCodeHarness.OrderId), default);
        await harness.DrainAsync();
        harness.Known.Add(ConferenceId, new KnownPromotionalCode(OneTimePrecon, null, 0));
        await harness.PlaceAsync(PromotionalCodeHarness.OtherOrderId, 2, 1, 0);

        await harness.ApplyAsync(PromotionalCodeHarness.OtherOrderId, "1TIMEPRECON");

        Assert.Contains(harness.CodeEvents("1TIMEPRECON"), e => e is PromotionalCodeRedeemed r && r.OrderId == PromotionalCodeHarness.OrderId);
        Assert.Equal(898m, harness.Totals(PromotionalCodeHarness.OtherOrderId).Total);
        Assert.Equal(PromotionalCodeRefusal.UsedUp, Assert.Single(harness.Applied(PromotionalCodeHarness.OtherOrderId).Refused).Reason);
    }

    [Fact]
    public async Task when_the_order_holding_it_expires_then_the_use_is_released_and_another_order_gets_it()
    {
        await harness.DefineAllAsync();
        await harness.PlaceAsync(PromotionalCodeHarness.OrderId, 2, 1, 0);
        await harness.ApplyAsync(PromotionalCodeHarness.OrderId, "1TIMEPRECON");

        await harness.OrderHandler.HandleAsync(new RejectOrder(PromotionalCodeHarness.OrderId), default);
        await harness.DrainAsync();
        await harness.PlaceAsync(PromotionalCodeHarness.OtherOrderId, 2, 1, 0);
        await harness.ApplyAsync(PromotionalCodeHarness.OtherOrderId, "1TIMEPRECON");

        Assert.Contains(harness.CodeEvents("1TIMEPRECON"), e => e is PromotionalCodeReleased r && r.OrderId == PromotionalCodeHarness.OrderId);
        Assert.Equal(648m, harness.Totals(PromotionalCodeHarness.OtherOrderId).Total);
    }

    [Fact]
    public async Task when_the_order_drops_the_code_then_its_use_is_released()
    {
        await harness.DefineAllAsync();
        await harness.PlaceAsync(PromotionalCodeHarness.OrderId, 2, 1, 0);
        await harness.ApplyAsync(PromotionalCodeHarness.OrderId, "1TIMEPRECON");

        await harness.ApplyAsync(PromotionalCodeHarness.OrderId);

        Assert.IsType<PromotionalCodeReleased>(harness.CodeEvents("1TIMEPRECON")[^1]);
    }

    [Fact]
    public async Task when_every_event_is_delivered_twice_then_the_outcome_is_the_same()
    {
        await harness.DefineAllAsync();
        await harness.PlaceAsync(PromotionalCodeHarness.OrderId, 2, 1, 0);
        await harness.ApplyAsync(PromotionalCodeHarness.OrderId, "1TIMEPRECON");
        var orderEvents = harness.Orders.Events(PromotionalCodeHarness.OrderId).Count;
        var codeEvents = harness.CodeEvents("1TIMEPRECON").Count;

        foreach (var e in harness.Bus.Events.Select(e => e.Body).ToList())
        {
            switch (e)
            {
                case OrderPromotionalCodesApplied applied: await harness.UseHandler.HandleAsync(applied, default); break;
                case PromotionalCodeHeld held: await harness.UseHandler.HandleAsync(held, default); break;
                default: break;
            }
        }

        await harness.DrainAsync();

        Assert.Equal(orderEvents, harness.Orders.Events(PromotionalCodeHarness.OrderId).Count);
        Assert.Equal(codeEvents, harness.CodeEvents("1TIMEPRECON").Count);
    }
}
