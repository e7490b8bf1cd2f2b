using Discounts.Contracts;
using Discounts.Contracts.Commands;
using Discounts.Contracts.Events;
using Infrastructure.EventSourcing;
using Infrastructure.Resilience;
using Infrastructure.Sql.EventSourcing;
using Infrastructure.Sql.Testing;
using Microsoft.Extensions.Caching.Memory;
using static Discounts.Tests.PromotionalCodeData;

namespace Discounts.Tests;

/// <summary>
/// Registrants racing for the last use of a code on the real event store, each handler in its own
/// "process" (its own repository and cache), conflicts retried as the message processor retries them.
/// </summary>
public abstract class PromotionalCodeOnTheEventStoreSpecs : IAsyncLifetime
{
    private ITestDatabase database = null!;

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync() => database = await CreateDatabaseAsync();

    public Task DisposeAsync() => database.DisposeAsync().AsTask();

    [Fact]
    public async Task when_two_orders_race_for_the_last_use_then_one_gets_it_and_the_other_is_refused()
    {
        await Handler().HandleAsync(new DefinePromotionalCode(ConferenceId, "1TIMEPRECON", DiscountKind.Percentage, 50m, [Workshop], 1, CombiningRule.None, null), default);

        var until = DateTimeOffset.UtcNow.AddMinutes(15);
        await Task.WhenAll(new[] { Order, OtherOrder }.Select(order =>
        {
            var handler = Handler();
            var command = new HoldPromotionalCode(IdOf("1TIMEPRECON"), order, until);
            return ResiliencePipelines.ConcurrencyConflicts.ExecuteAsync(async token => await handler.HandleAsync(command, token), default).AsTask();
        }));

        var history = await HistoryAsync();
        var held = Assert.Single(history.OfType<PromotionalCodeHeld>());
        var refused = Assert.Single(history.OfType<PromotionalCodeHoldRefused>());
        Assert.NotEqual(held.OrderId, refused.OrderId);
        Assert.Equal(PromotionalCodeRefusal.UsedUp, refused.Reason);
    }

    [Fact]
    public async Task when_many_orders_race_for_three_uses_and_each_is_confirmed_then_exactly_three_are_consumed()
    {
        await Handler().HandleAsync(new DefinePromotionalCode(ConferenceId, "CONFONLY", DiscountKind.AmountOffOrder, 50m, [General, Workshop], 3, CombiningRule.None, null), default);

        var until = DateTimeOffset.UtcNow.AddMinutes(15);
        var orders = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid()).ToList();
        await Task.WhenAll(orders.Select(order =>
        {
            var handler = Handler();
            return ResiliencePipelines.ConcurrencyConflicts.ExecuteAsync(
                async token =>
                {
                    await handler.HandleAsync(new HoldPromotionalCode(IdOf("CONFONLY"), order, until), token);
                    var code = await Repository().GetAsync(IdOf("CONFONLY"), token);
                    if ((await HistoryAsync()).OfType<PromotionalCodeHeld>().Any(h => h.OrderId == order))
                    {
                        await handler.HandleAsync(new RedeemPromotionalCode(code.Id, order), token);
                    }
                },
                default).AsTask();
        }));

        var history = await HistoryAsync();
        Assert.Equal(3, history.OfType<PromotionalCodeRedeemed>().Select(r => r.OrderId).Distinct().Count());
        Assert.Equal(5, history.OfType<PromotionalCodeHoldRefused>().Count());
        Assert.Equal(0, (await Repository().GetAsync(IdOf("CONFONLY"), default)).UsesLeft(DateTimeOffset.UtcNow));
    }

    private async Task<List<object>> HistoryAsync() =>
        (await new SqlEventStore(database.Database).LoadAsync(nameof(PromotionalCode), IdOf("1TIMEPRECON"), 0, default))
            .Concat(await new SqlEventStore(database.Database).LoadAsync(nameof(PromotionalCode), IdOf("CONFONLY"), 0, default))
            .Select(e => Serializer.Deserialize(e.TypeName, e.Payload))
            .ToList();

    private PromotionalCodeCommandHandler Handler() => new(Repository(), TimeProvider.System);

    private EventSourcedRepository<PromotionalCode> Repository() =>
        new(new SqlEventStore(database.Database), Serializer, new NoPublisher(), new MemoryCache(new MemoryCacheOptions()), TimeProvider.System);

    private sealed class NoPublisher : IUnpublishedEventsNotifier
    {
        public void Notify(string sourceType, Guid sourceId, IReadOnlyList<StoredEvent> saved)
        {
        }
    }
}

public sealed class SqlitePromotionalCodeOnTheEventStoreSpecs : PromotionalCodeOnTheEventStoreSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresPromotionalCodeOnTheEventStoreSpecs : PromotionalCodeOnTheEventStoreSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
