using Discounts.Contracts;
using Discounts.Contracts.Events;
using Infrastructure.Messaging;
using Infrastructure.Sql.Testing;
using Microsoft.Extensions.DependencyInjection;
using Registration.Contracts;
using Registration.Contracts.Events;
using Registration.Pricing;
using Registration.ReadModel.Implementation;

namespace Registration.ReadModel.Tests;

public abstract class PromotionalCodeViewModelGeneratorSpecs : ReadModelSpecs
{
    private static readonly DateTimeOffset Until = new(2026, 5, 4, 9, 30, 0, TimeSpan.Zero);

    private IPromotionalCodeDao Codes => Services.GetRequiredService<IPromotionalCodeDao>();

    private IPromotionalCodeSource Source => Services.GetRequiredService<IPromotionalCodeSource>();

    [SkippableFact]
    public async Task given_no_code_when_it_is_defined_then_it_is_found_whatever_the_case_typed()
    {
        var conferenceId = Guid.NewGuid();
        var workshop = Guid.NewGuid();

        await HandleAsync<PromotionalCodeViewModelGenerator>(Defined(conferenceId, "1TIMEPRECON", [workshop], 1, version: 1));

        var known = await Source.FindAsync(conferenceId, "1timePrecon", default);
        Assert.NotNull(known);
        Assert.Equal(
            (PromotionalCodeIdentity.IdOf(conferenceId, "1TIMEPRECON"), "1TIMEPRECON", DiscountKind.Percentage, 50m, CombiningRule.None, (int?)1),
            (known.Discount.PromotionalCodeId, known.Discount.Code, known.Discount.Kind, known.Discount.Amount, known.Discount.Combining, known.Discount.Quota));
        Assert.Equal([workshop], known.Discount.SeatTypes);
        Assert.Equal(1, known.UsesLeft);
        Assert.Null(await Source.FindAsync(Guid.NewGuid(), "1TIMEPRECON", default));
    }

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task given_the_events_of_a_code_when_delivered_duplicated_and_shuffled_then_the_uses_left_equal_in_order_delivery(int seed)
    {
        var conferenceId = Guid.NewGuid();
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var history = Stamp(
            conferenceId,
            "CONFONLY",
            Defined(conferenceId, "CONFONLY", [], 2, version: 0),
            new PromotionalCodeHeld(first, Until, 1),
            new PromotionalCodeHoldRefused(Guid.NewGuid(), PromotionalCodeRefusal.Expired),
            new PromotionalCodeHeld(second, Until, 0),
            new PromotionalCodeReleased(second, 1),
            new PromotionalCodeRedeemed(first, 1),
            Defined(conferenceId, "CONFONLY", [], 3, version: 0));

        await DeliverAsync<PromotionalCodeViewModelGenerator>(Delivery.DuplicatedAndShuffled(history, seed));

        var code = Assert.Single(await Codes.GetPromotionalCodesAsync(conferenceId, default));
        Assert.Equal((3, 2), (code.Quota, code.UsesLeft));
    }

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task given_the_codes_of_an_order_when_delivered_duplicated_and_shuffled_then_the_last_ones_are_shown(int seed)
    {
        var orderId = Guid.NewGuid();
        var ws10 = new PromotionalDiscount(Guid.NewGuid(), "WS10", DiscountKind.AmountOffOrder, 20m, [], CombiningRule.Cumulative, null);
        var copresenter = new PromotionalDiscount(Guid.NewGuid(), "COPRESENTER", DiscountKind.Percentage, 10m, [], CombiningRule.Exclusive, null);
        var history = new object[]
        {
            new OrderPromotionalCodesApplied([ws10], [new RefusedPromotionalCode("NOPE", PromotionalCodeRefusal.Unknown)], [], Until) { SourceId = orderId, Version = 3 },
            new OrderPromotionalCodesApplied([copresenter], [], [ws10.PromotionalCodeId], Until) { SourceId = orderId, Version = 5 },
            new OrderPromotionalCodesApplied([copresenter, ws10], [new RefusedPromotionalCode("VOLUNTEER", PromotionalCodeRefusal.CannotBeCombined)], [], Until) { SourceId = orderId, Version = 9 },
        };

        await DeliverAsync<PricedOrderPromotionalCodesViewModelGenerator>(Delivery.DuplicatedAndShuffled(history, seed));

        var codes = await Codes.FindOrderPromotionalCodesAsync(orderId, default);
        Assert.NotNull(codes);
        Assert.Equal(9, codes.Version);
        Assert.Equal(
            [new PromotionalCodeOutcome("COPRESENTER", null), new PromotionalCodeOutcome("WS10", null), new PromotionalCodeOutcome("VOLUNTEER", PromotionalCodeRefusal.CannotBeCombined)],
            codes.Codes);
    }

    private static PromotionalCodeDefined Defined(Guid conferenceId, string code, Guid[] seatTypes, int? quota, int version) =>
        new PromotionalCodeDefined(conferenceId, code, DiscountKind.Percentage, 50m, seatTypes, quota, CombiningRule.None, null)
        {
            SourceId = PromotionalCodeIdentity.IdOf(conferenceId, code),
            Version = version,
        };

    private static IReadOnlyList<object> Stamp(Guid conferenceId, string code, params VersionedEvent[] events) =>
        [.. events.Select((e, i) => e with { SourceId = PromotionalCodeIdentity.IdOf(conferenceId, code), Version = i + 1 })];
}

public sealed class SqlitePromotionalCodeViewModelGeneratorSpecs : PromotionalCodeViewModelGeneratorSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresPromotionalCodeViewModelGeneratorSpecs : PromotionalCodeViewModelGeneratorSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}

/// <summary>On SQL Server when CONFERENCE_TEST_SQLSERVER names one; reported skipped otherwise.</summary>
public sealed class SqlServerPromotionalCodeViewModelGeneratorSpecs : PromotionalCodeViewModelGeneratorSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqlServerTestDatabase.CreateAsync();
}
