using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registration.Contracts;
using Registration.ReadModel.Implementation;

namespace Registration.ReadModel.Tests;

/// <summary>
/// The order change feed: written by the generators in the transactions of their read-model writes,
/// exactly once per write that changed an order, whatever the delivery (duplicates, races, shuffling).
/// </summary>
public abstract class OrderChangeFeedSpecs : ReadModelSpecs
{
    private readonly OrderData order = OrderData.New();

    private OrderChangeFeed Feed => Services.GetRequiredService<OrderChangeFeed>();

    [SkippableFact]
    public async Task given_no_order_when_it_is_placed_then_the_feed_records_one_change_of_that_order()
    {
        var before = await Feed.LatestSequenceAsync(default);

        await HandleAsync<OrderViewModelGenerator>(order.Placed());

        var change = await Feed.FindChangeAfterAsync(order.OrderId, before, default);
        Assert.NotNull(change);
        Assert.Equal(change, Assert.Single(await Feed.ReadAfterAsync(before, 10, default)));
        Assert.Null(await Feed.FindChangeAfterAsync(order.OrderId, change.Sequence, default));
    }

    [SkippableFact]
    public async Task given_an_order_history_applied_once_when_it_is_delivered_again_duplicated_and_shuffled_then_the_feed_records_nothing_more()
    {
        var events = SubscribedBy<OrderViewModelGenerator>(order.History());
        await GivenAsync<OrderViewModelGenerator>([.. events]);
        Assert.Equal(events.Count, await ChangesOfAsync(order.OrderId));

        await DeliverAsync<OrderViewModelGenerator>(Delivery.DuplicatedAndShuffled(events, seed: 17));

        Assert.Equal(events.Count, await ChangesOfAsync(order.OrderId));
    }

    [SkippableFact]
    public async Task given_a_history_delivered_duplicated_and_shuffled_to_both_order_generators_at_once_then_no_duplicate_adds_a_change_line()
    {
        var history = order.History();
        var draftEvents = SubscribedBy<OrderViewModelGenerator>(history);
        var pricedEvents = SubscribedBy<PricedOrderViewModelGenerator>(history);

        await Task.WhenAll(
            DeliverAsync<OrderViewModelGenerator>(Delivery.DuplicatedAndShuffled(draftEvents, seed: 3)),
            DeliverAsync<PricedOrderViewModelGenerator>(Delivery.DuplicatedAndShuffled(pricedEvents, seed: 5)));

        // A write per distinct event at most (a superseded one writes nothing); a duplicate never writes.
        Assert.InRange(await ChangesOfAsync(order.OrderId), 2, draftEvents.Count + pricedEvents.Count);
        Assert.Equal(DraftOrderState.Confirmed, (await OrderDao.FindDraftOrderAsync(order.OrderId, default))!.State);
    }

    [SkippableFact]
    public async Task given_the_same_event_delivered_twice_at_once_then_one_delivery_applies_it_and_the_feed_records_one_change()
    {
        await GivenAsync<OrderViewModelGenerator>(order.Placed());
        var confirmed = order.Confirmed(2);

        await Task.WhenAll(DeliverAsync<OrderViewModelGenerator>([confirmed]), DeliverAsync<OrderViewModelGenerator>([confirmed]));

        Assert.Equal(2, await ChangesOfAsync(order.OrderId));
    }

    [SkippableFact]
    public async Task given_a_save_that_loses_its_race_when_it_fails_then_its_change_line_is_rolled_back_with_it()
    {
        await GivenAsync<OrderViewModelGenerator>(order.Placed());
        var contexts = Services.GetRequiredService<IDbContextFactory<ConferenceRegistrationDbContext>>();
        await using var late = await contexts.CreateDbContextAsync();
        var stale = await late.DraftOrders.SingleAsync(o => o.OrderId == order.OrderId);

        await HandleAsync<OrderViewModelGenerator>(order.Confirmed(2));
        stale.State = DraftOrderState.Rejected;
        stale.ConcurrencyStamp++;

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => late.SaveChangesAsync());
        Assert.Equal(2, await ChangesOfAsync(order.OrderId));
        Assert.Equal(DraftOrderState.Confirmed, (await OrderDao.FindDraftOrderAsync(order.OrderId, default))!.State);
    }

    [SkippableFact]
    public async Task given_a_priced_order_when_its_totals_change_then_the_feed_records_the_order()
    {
        await GivenAsync<PricedOrderViewModelGenerator>(order.Placed());
        var before = await Feed.LatestSequenceAsync(default);

        await HandleAsync<PricedOrderViewModelGenerator>(order.TotalsCalculated(2, order.FullPassLine(3)));

        Assert.NotNull(await Feed.FindChangeAfterAsync(order.OrderId, before, default));
    }

    [SkippableFact]
    public async Task given_changes_when_the_feed_is_pruned_then_only_those_recorded_before_the_cutoff_go()
    {
        await GivenAsync<OrderViewModelGenerator>(order.Placed(), order.Confirmed(2));

        Assert.Equal(0, await Feed.PruneAsync(DateTimeOffset.UtcNow.AddHours(-1), default));
        Assert.Equal(2, await ChangesOfAsync(order.OrderId));
        Assert.Equal(2, await Feed.PruneAsync(DateTimeOffset.UtcNow.AddMinutes(1), default));
        Assert.Equal(0, await ChangesOfAsync(order.OrderId));
    }

    private Task<int> ChangesOfAsync(Guid orderId) => QueryAsync(c => c.OrderChanges.CountAsync(x => x.OrderId == orderId));
}

public sealed class SqliteOrderChangeFeedSpecs : OrderChangeFeedSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresOrderChangeFeedSpecs : OrderChangeFeedSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}

/// <summary>On SQL Server when CONFERENCE_TEST_SQLSERVER names one; reported skipped otherwise.</summary>
public sealed class SqlServerOrderChangeFeedSpecs : OrderChangeFeedSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqlServerTestDatabase.CreateAsync();
}
