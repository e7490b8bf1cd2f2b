using Infrastructure;
using Infrastructure.Messaging;
using Infrastructure.Serialization;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.Outbox;
using Infrastructure.Sql.Testing;
using Microsoft.EntityFrameworkCore;
using Payments.Contracts;
using Payments.Contracts.Commands;
using Payments.Contracts.Events;
using Payments.Database;
using Payments.ReadModel;

namespace Payments.Tests;

/// <summary>Payments in their SQL store: the events of a change are never lost, even if the process dies before publishing them.</summary>
public abstract class PaymentStoreSpecifications : IAsyncLifetime
{
    private readonly JsonMessageSerializer serializer = new(PaymentsMessageTypes.Register(new MessageTypeRegistry()));
    private readonly Guid paymentId = Guid.NewGuid();
    private readonly Guid orderId = Guid.NewGuid();
    private ITestDatabase database = null!;

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        database = await CreateDatabaseAsync();
        await SqlMigrations.MigrateAsync<PaymentsDbContext>(database.Database, PaymentsDbContext.MigrationsHistoryTable, o => new PaymentsDbContext(o), default);
    }

    public Task DisposeAsync() => database?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    [SkippableFact]
    public async Task when_a_payment_is_initiated_and_completed_then_both_events_are_published_and_the_dao_shows_it_completed()
    {
        var bus = new RecordingEventBus();
        await Handle(bus, Initiate());
        await Handle(bus, new CompleteThirdPartyProcessorPayment(paymentId));

        Assert.Equal([typeof(PaymentInitiated), typeof(PaymentCompleted)], bus.Published.Select(e => e.Body.GetType()));
        var details = await new PaymentDao(new Contexts(Options)).FindThirdPartyProcessorPaymentDetailsAsync(paymentId, default);
        Assert.Equal(new ThirdPartyProcessorPaymentDetails(paymentId, PaymentState.Completed, orderId, "Order 1", 249m), details);
        Assert.Empty(await PendingAsync());
    }

    [SkippableFact]
    public async Task given_the_process_died_after_saving_when_the_command_is_redelivered_then_the_event_is_published_once()
    {
        await Handle(new RecordingEventBus(), Initiate());
        await Assert.ThrowsAsync<IOException>(() => Handle(new RecordingEventBus { FailPublishing = true }, new CompleteThirdPartyProcessorPayment(paymentId)));
        Assert.Single(await PendingAsync());

        var bus = new RecordingEventBus();
        await Handle(bus, new CompleteThirdPartyProcessorPayment(paymentId));

        var completed = Assert.Single(bus.Published);
        Assert.IsType<PaymentCompleted>(completed.Body);
        Assert.Empty(await PendingAsync());
    }

    [SkippableFact]
    public async Task given_the_process_died_after_saving_when_the_processor_starts_then_the_pending_events_are_published_with_stable_ids()
    {
        await Assert.ThrowsAsync<IOException>(() => Handle(new RecordingEventBus { FailPublishing = true }, Initiate()));
        var pendingId = Assert.Single(await PendingAsync()).Id;

        var bus = new RecordingEventBus();
        Assert.Equal(1, await Sweeper(bus).PublishPendingAsync(default));

        Assert.Equal(pendingId.ToString(), Assert.Single(bus.Published).MessageId);
    }

    [SkippableFact]
    public async Task given_the_bus_is_down_when_a_completion_is_saved_and_the_sweeper_starts_then_a_later_scan_publishes_it()
    {
        await Handle(new RecordingEventBus(), Initiate());
        await Assert.ThrowsAsync<IOException>(() => Handle(new RecordingEventBus { FailPublishing = true }, new CompleteThirdPartyProcessorPayment(paymentId)));
        // The payment's second event is numbered after its first, so it cannot be published before it.
        Assert.Equal(2, Assert.Single(await PendingAsync()).Version);

        var bus = new TestEventBus();
        var sweeper = Sweeper(bus, new EventOutboxSweeperOptions { ScanInterval = TimeSpan.FromMilliseconds(100) });

        await sweeper.RecoverOnALaterScanAsync(bus, 1, async () => (await PendingAsync()).Count == 0);

        var completed = Assert.Single(bus.Published);
        Assert.Equal(new PaymentCompleted(paymentId, orderId), completed.Body);
        Assert.Equal(paymentId.ToString(), completed.PartitionKey);
    }

    [SkippableFact]
    public async Task when_two_deliveries_of_the_same_initiation_race_then_one_payment_and_one_event_result()
    {
        var bus = new RecordingEventBus();
        var command = Initiate();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Retrying(() => Handle(bus, command))));

        // One event id; a delivery that loads the payment before the winner's outbox entry is gone
        // publishes it again, a repeat the transport's duplicate detection drops.
        Assert.Single(bus.Published.DistinctBy(e => e.MessageId));
        await using var context = new PaymentsDbContext(Options);
        Assert.Equal(2, (await context.Payments.Include(p => p.Items).SingleAsync()).Items.Count);
    }

    [SkippableFact]
    public async Task when_completion_and_cancellation_race_then_exactly_one_wins()
    {
        await Handle(new RecordingEventBus(), Initiate());
        var bus = new RecordingEventBus();

        var outcomes = await Task.WhenAll(
            Attempt(() => Handle(bus, new CompleteThirdPartyProcessorPayment(paymentId))),
            Attempt(() => Handle(bus, new CancelThirdPartyProcessorPayment(paymentId))));

        // One outcome, published under one message id. The loser may load the payment while the winner's
        // outbox entry is still there and publish it too: a repeat of the same message, which the
        // transport's duplicate detection drops.
        Assert.Single(bus.Published.DistinctBy(e => e.MessageId));
        Assert.Contains(outcomes, o => o is null);
        Assert.Contains(outcomes, o => o is ConcurrencyException or BusinessRuleViolationException);
    }

    private DbContextOptions<PaymentsDbContext> Options => database.Database.CreateOptions<PaymentsDbContext>(PaymentsDbContext.MigrationsHistoryTable);

    private InitiateThirdPartyProcessorPayment Initiate() =>
        new(paymentId, orderId, Guid.NewGuid(), "Order 1", 249m, [new PaymentItem("Full pass", 199m), new PaymentItem("Workshop", 50m)]);

    private PaymentRepository Repository(IEventBus bus) => new(new PaymentsDbContext(Options), new EventOutbox(bus, serializer, TimeProvider.System));

    private EventOutboxSweeper<PaymentsDbContext> Sweeper(IEventBus bus, EventOutboxSweeperOptions? options = null) =>
        TestSweepers.Create(() => new PaymentsDbContext(Options), bus, serializer, options);

    private async Task Handle(IEventBus bus, ICommand command)
    {
        await using var repository = Repository(bus);
        var handler = new ThirdPartyProcessorPaymentCommandHandler(repository);
        switch (command)
        {
            case InitiateThirdPartyProcessorPayment initiate: await handler.HandleAsync(initiate, default); break;
            case CompleteThirdPartyProcessorPayment complete: await handler.HandleAsync(complete, default); break;
            case CancelThirdPartyProcessorPayment cancel: await handler.HandleAsync(cancel, default); break;
            default: throw new ArgumentOutOfRangeException(nameof(command));
        }
    }

    private static async Task Retrying(Func<Task> action)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await action();
                return;
            }
            catch (ConcurrencyException) when (attempt < 5)
            {
            }
        }
    }

    private static async Task<Exception?> Attempt(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception ex) when (ex is ConcurrencyException or BusinessRuleViolationException)
        {
            return ex;
        }
    }

    private async Task<List<PendingEvent>> PendingAsync()
    {
        await using var context = new PaymentsDbContext(Options);
        return await context.Set<PendingEvent>().ToListAsync();
    }

    private sealed class Contexts(DbContextOptions<PaymentsDbContext> options) : IDbContextFactory<PaymentsDbContext>
    {
        public PaymentsDbContext CreateDbContext() => new(options);
    }

    private sealed class RecordingEventBus : IEventBus
    {
        public bool FailPublishing { get; init; }

        public List<Envelope<IEvent>> Published { get; } = [];

        public Task PublishAsync(Envelope<IEvent> @event, CancellationToken cancellationToken) => PublishAsync([@event], cancellationToken);

        public Task PublishAsync(IEnumerable<Envelope<IEvent>> events, CancellationToken cancellationToken)
        {
            if (FailPublishing)
            {
                throw new IOException("The process died before publishing.");
            }

            lock (Published)
            {
                Published.AddRange(events);
            }

            return Task.CompletedTask;
        }
    }
}

public sealed class SqlitePaymentStoreSpecifications : PaymentStoreSpecifications
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresPaymentStoreSpecifications : PaymentStoreSpecifications
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}

/// <summary>On SQL Server when CONFERENCE_TEST_SQLSERVER names one; reported skipped otherwise.</summary>
public sealed class SqlServerPaymentStoreSpecifications : PaymentStoreSpecifications
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqlServerTestDatabase.CreateAsync();
}
