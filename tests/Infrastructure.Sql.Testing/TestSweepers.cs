using Infrastructure.Conformance;
using Infrastructure.Messaging;
using Infrastructure.Serialization;
using Infrastructure.Sql.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Infrastructure.Sql.Testing;

/// <summary>Outbox sweepers on the contexts a spec makes, and the scenario every store's sweeper must pass.</summary>
public static class TestSweepers
{
    public static EventOutboxSweeper<TContext> Create<TContext>(
        Func<TContext> newContext,
        IEventBus bus,
        IMessageSerializer serializer,
        EventOutboxSweeperOptions? options = null)
        where TContext : DbContext =>
        new(
            new ContextFactory<TContext>(newContext),
            new EventOutbox(bus, serializer, TimeProvider.System),
            options ?? new EventOutboxSweeperOptions(),
            TimeProvider.System,
            NullLogger<EventOutboxSweeper<TContext>>.Instance);

    /// <summary>
    /// Starts <paramref name="sweeper"/> (which publishes on <paramref name="bus"/>) while the bus is
    /// down, lets its start-up sweep fail, brings the bus back and returns once a later scan has
    /// published <paramref name="count"/> events and <paramref name="outboxIsEmpty"/> holds.
    /// </summary>
    public static async Task RecoverOnALaterScanAsync<TContext>(this EventOutboxSweeper<TContext> sweeper, TestEventBus bus, int count, Func<Task<bool>> outboxIsEmpty)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(sweeper);
        ArgumentNullException.ThrowIfNull(bus);
        bus.IsDown = true;
        var attemptsBefore = bus.Attempts;
        await sweeper.StartAsync(default);
        try
        {
            await Eventually.UntilAsync(() => bus.Attempts > attemptsBefore, "the start-up sweep to try the bus");
            bus.IsDown = false;
            await Eventually.UntilAsync(async () => bus.Published.Count == count && await outboxIsEmpty(), "a later scan to publish and delete the leftovers");
        }
        finally
        {
            await sweeper.StopAsync(default);
        }
    }

    private sealed class ContextFactory<TContext>(Func<TContext> create) : IDbContextFactory<TContext>
        where TContext : DbContext
    {
        public TContext CreateDbContext() => create();
    }
}
