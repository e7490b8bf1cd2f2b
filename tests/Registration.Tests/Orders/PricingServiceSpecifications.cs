using Registration.Contracts;
using Registration.Pricing;
using Registration.Tests.Fakes;

namespace Registration.Tests.Orders;

public class given_the_seat_prices_of_a_conference
{
    private readonly PricingService pricing = new(new FakeSeatTypePrices()
        .Add(OrderData.ConferenceId, OrderData.General, "General admission", 199.99m)
        .Add(OrderData.ConferenceId, OrderData.Workshop, "Workshop", 0m));

    [Fact]
    public async Task when_pricing_seats_then_there_is_a_line_per_seat_type_and_the_total_is_their_sum()
    {
        var totals = await pricing.CalculateTotalAsync(OrderData.ConferenceId, [new(OrderData.General, 3), new(OrderData.Workshop, 2)], CancellationToken.None);

        Assert.Equal(
            [new OrderLine(OrderData.General, "General admission", 199.99m, 3, 599.97m), new OrderLine(OrderData.Workshop, "Workshop", 0m, 2, 0m)],
            totals.Lines);
        Assert.Equal(599.97m, totals.Total);
        Assert.False(totals.IsFreeOfCharge);
    }

    [Fact]
    public async Task when_pricing_only_free_seats_then_the_order_is_free_of_charge()
    {
        var totals = await pricing.CalculateTotalAsync(OrderData.ConferenceId, [new(OrderData.Workshop, 4)], CancellationToken.None);

        Assert.Equal(0m, totals.Total);
        Assert.True(totals.IsFreeOfCharge);
    }

    [Fact]
    public async Task when_a_seat_type_is_not_wanted_then_it_has_no_line()
    {
        var totals = await pricing.CalculateTotalAsync(OrderData.ConferenceId, [new(OrderData.General, 1), new(OrderData.Workshop, 0)], CancellationToken.None);

        Assert.Equal([OrderData.General], totals.Lines.Select(l => l.SeatType));
    }

    [Fact]
    public async Task when_a_seat_type_has_no_known_price_then_pricing_fails_so_it_can_be_retried()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            pricing.CalculateTotalAsync(OrderData.ConferenceId, [new(Guid.NewGuid(), 1)], CancellationToken.None));
    }
}
