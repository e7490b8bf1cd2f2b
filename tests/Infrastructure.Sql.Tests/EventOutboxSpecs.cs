using Infrastructure.Conformance;
using Infrastructure.Messaging;
using Infrastructure.Serialization;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.Messaging;
using Infrastructure.Sql.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Infrastructure.Sql.Tests;

/// <summary>A CRUD entity of a store that publishes its changes through the outbox.</summary>
public sealed class Ledger
{
    public Guid Id { get; set; }

    public int Version { get; set; }
}

public sealed class LedgerDbContext(DbContextOptions<LedgerDbContext> options) : DbContext(options)
{
    public const string MigrationsHistoryTable = "__LedgerMigrations";
    public const string OutboxTable = "LedgerOutbox";

    public DbSet<Ledger> Ledgers => Set<Ledger>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Ledger>(e =>
        {
            e.ToTable("Ledgers");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        modelBuilder.MapPendingEvents(OutboxTable);
    }
}

[DbContext(typeof(LedgerDbContext))]
[Migration("20261220000001_CreateLedger")]
public sealed class CreateLedger : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Ledgers",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Version = t.Column<int>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_Ledgers", x => x.Id));
        migrationBuilder.CreatePendingEventsTable(LedgerDbContext.OutboxTable);
        migrationBuilder.UpgradePendingEventsTable(LedgerDbContext.OutboxTable);
    }
}

/// <summary>
/// The outbox of the CRUD stores: events commit with their change, are published after the commit and
/// deleted, and whatever a crash leaves behind is published later, in order, under the same message id.
/// </summary>
public abstract class EventOutboxSpecs : IAsyncLifetime
{
    private readonly JsonMessageSerializer serializer = new(TestMessageTypes.CreateRegistry());
    private ITestDatabase database = null!;
    private SqlMessageTransport transport = null!;

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        database = await CreateDatabaseAsync();
        await SqlMigrations.MigrateAsync<LedgerDbContext>(database.Database, LedgerDbContext.MigrationsHistoryTable, o => new LedgerDbContext(o), default);
        transport = new SqlMessageTransport(database.Database);
        await transport.Topology.EnsureTopologyAsync(TestTopology.Value, default);
    }

    public Task DisposeAsync() => database?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    [SkippableFact]
    public async Task given_a_change_and_its_events_saved_together_when_published_after_the_commit_then_subscribers_get_them_in_order_and_the_outbox_is_empty()
    {
        var ledger = Guid.NewGuid();
        await ChangeAsync(RealBus(), ledger, deposits: 3, correlationId: "command-1");

        var received = await ReceiveAllAsync();
        Assert.Equal<int?>([1, 2, 3], received.Select(m => m.Message.Version));
        Assert.All(received, m => Assert.Equal(("Deposited", "command-1", ledger.ToString()), (m.Message.TypeName, m.Message.CorrelationId, m.Message.PartitionKey)));
        Assert.Empty(await OutboxAsync());
    }

    [SkippableFact]
    public async Task given_a_change_whose_save_fails_then_none_of_its_events_are_left_to_publish()
    {
        var ledger = Guid.NewGuid();
        await ChangeAsync(new TestEventBus(), ledger, deposits: 1);

        await using (var context = NewContext())
        {
            // A second ledger with the same id: the insert fails, and the events staged with it must go too.
            context.Ledgers.Add(new Ledger { Id = ledger, Version = 1 });
            Outbox(new TestEventBus()).Add(context, ledger, 1, [Deposit(ledger, 1)]);
            await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync());
        }

        Assert.Empty(await OutboxAsync());
    }

    [SkippableFact]
    public async Task given_the_process_died_after_the_commit_when_the_sweeper_runs_then_each_leftover_is_sent_once_and_deleted()
    {
        var down = new TestEventBus { IsDown = true };
        await Assert.ThrowsAsync<IOException>(() => ChangeAsync(down, Guid.NewGuid(), deposits: 2));
        await Assert.ThrowsAsync<IOException>(() => ChangeAsync(down, Guid.NewGuid(), deposits: 1));
        Assert.Equal(3, (await OutboxAsync()).Count);

        Assert.Equal(3, await Sweeper(RealBus()).PublishPendingAsync(default));
        Assert.Equal(0, await Sweeper(RealBus()).PublishPendingAsync(default));

        var received = await ReceiveAllAsync();
        Assert.Equal(3, received.Select(m => m.Message.MessageId).Distinct().Count());
        Assert.Equal(3, received.Count);
        Assert.Empty(await OutboxAsync());
    }

    [SkippableFact]
    public async Task given_the_process_died_after_sending_but_before_the_delete_when_the_sweeper_sends_again_then_each_message_carries_the_same_id()
    {
        var versioned = Guid.NewGuid();
        var unversioned = Guid.NewGuid();
        var first = new TestEventBus();
        await Assert.ThrowsAsync<IOException>(() => ChangeAsync(new CrashesAfterSending(first), versioned, deposits: 1));
        await Assert.ThrowsAsync<IOException>(() => ChangeAsync(new CrashesAfterSending(first), unversioned, [new PingHappened(unversioned, "hello")]));
        var rows = await OutboxAsync();

        var again = new TestEventBus();
        Assert.Equal(2, await Sweeper(again).PublishPendingAsync(default));

        Assert.Equal(
            first.Published.Select(e => (e.MessageId, e.CorrelationId, e.PartitionKey)).Order(),
            again.Published.Select(e => (e.MessageId, e.CorrelationId, e.PartitionKey)).Order());
        // A versioned event's id follows from what it is; any other event's id is its row's, fixed when the row was written.
        Assert.Contains(MessageIds.ForVersionedEvent("Deposited", versioned, 1), again.Published.Select(e => e.MessageId));
        Assert.Contains(rows.Single(r => r.SourceId == unversioned).Id.ToString(), again.Published.Select(e => e.MessageId));
    }

    [SkippableFact]
    public async Task given_a_source_whose_publish_fails_when_the_sweeper_runs_then_its_later_events_wait_behind_it_and_the_next_sweep_sends_them_in_order()
    {
        var failing = Guid.NewGuid();
        var healthy = Guid.NewGuid();
        var down = new TestEventBus { IsDown = true };
        await Assert.ThrowsAsync<IOException>(() => ChangeAsync(down, failing, deposits: 1));
        await Assert.ThrowsAsync<IOException>(() => ChangeAsync(down, failing, deposits: 2));
        await Assert.ThrowsAsync<IOException>(() => ChangeAsync(down, healthy, deposits: 3));

        // One row per batch, so each of the failing source's later rows is offered on its own.
        var bus = new TestEventBus { Refuses = e => e.Body is Deposited { Version: 1 } d && d.SourceId == failing };
        var sweeper = Sweeper(bus, new EventOutboxSweeperOptions { BatchSize = 1 });
        // A sweep that kept offering the failing source would never end.
        using var deadline = new CancellationTokenSource(Eventually.Patience);

        Assert.Equal(3, await sweeper.PublishPendingAsync(deadline.Token));
        Assert.Equal([1, 2, 3], VersionsOf(bus, healthy));
        Assert.Empty(VersionsOf(bus, failing));
        Assert.Equal(3, (await OutboxAsync()).Count(r => r.SourceId == failing));

        bus.Refuses = null;
        Assert.Equal(3, await sweeper.PublishPendingAsync(default));
        Assert.Equal([1, 2, 3], VersionsOf(bus, failing));
        Assert.Empty(await OutboxAsync());
    }

    [SkippableFact]
    public async Task given_another_publisher_sent_and_deleted_the_rows_first_when_the_store_deletes_them_then_its_publish_still_succeeds()
    {
        var ledger = Guid.NewGuid();
        var racing = new DeletesTheRowsWhilePublishing(this);

        await ChangeAsync(racing, ledger, deposits: 2);

        Assert.Equal(2, racing.Published);
        Assert.Empty(await OutboxAsync());
    }

    [SkippableFact]
    public async Task given_events_left_behind_when_the_sweeper_starts_then_it_publishes_them_without_waiting_for_a_scan()
    {
        await Assert.ThrowsAsync<IOException>(() => ChangeAsync(new TestEventBus { IsDown = true }, Guid.NewGuid(), deposits: 1));
        var bus = new TestEventBus();
        var sweeper = Sweeper(bus, new EventOutboxSweeperOptions { ScanInterval = TimeSpan.FromHours(1) });

        await sweeper.StartAsync(default);
        try
        {
            await Eventually.UntilAsync(async () => bus.Published.Count == 1 && (await OutboxAsync()).Count == 0, "the start-up sweep to publish and delete the leftovers");
        }
        finally
        {
            await sweeper.StopAsync(default);
        }
    }

    [SkippableFact]
    public async Task given_the_bus_is_down_when_the_sweeper_starts_then_a_later_scan_publishes_the_leftovers()
    {
        var ledger = Guid.NewGuid();
        var bus = new TestEventBus { IsDown = true };
        await Assert.ThrowsAsync<IOException>(() => ChangeAsync(bus, ledger, deposits: 1));
        var sweeper = Sweeper(bus, new EventOutboxSweeperOptions { ScanInterval = TimeSpan.FromMilliseconds(100) });

        await sweeper.RecoverOnALaterScanAsync(bus, 1, async () => (await OutboxAsync()).Count == 0);

        Assert.Equal(MessageIds.ForVersionedEvent("Deposited", ledger, 1), Assert.Single(bus.Published).MessageId);
    }

    [SkippableFact]
    public void given_the_sweeper_is_added_twice_for_one_store_then_the_host_runs_one()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IEventBus>(new TestEventBus())
            .AddSingleton<IMessageSerializer>(serializer)
            .AddDbContextFactory<LedgerDbContext>(b => database.Database.Configure(b, LedgerDbContext.MigrationsHistoryTable))
            .AddEventOutboxSweeper<LedgerDbContext>()
            .AddEventOutboxSweeper<LedgerDbContext>();
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IHostedService>().OfType<EventOutboxSweeper<LedgerDbContext>>());
    }

    [SkippableFact]
    public async Task given_the_migrated_store_then_its_outbox_table_has_exactly_the_mapped_columns()
    {
        await using var context = NewContext();

        var (mapped, actual) = await TableColumns.ReadAsync(context, typeof(PendingEvent));

        Assert.Equal(mapped, actual);
    }

    private LedgerDbContext NewContext() =>
        new(database.Database.CreateOptions<LedgerDbContext>(LedgerDbContext.MigrationsHistoryTable));

    private EventOutbox Outbox(IEventBus bus) => new(bus, serializer, TimeProvider.System);

    private EventOutboxSweeper<LedgerDbContext> Sweeper(IEventBus bus, EventOutboxSweeperOptions? options = null) =>
        TestSweepers.Create(NewContext, bus, serializer, options);

    private EventBus RealBus() => new(transport.CreateSender(TestTopology.Events), serializer);

    private static Deposited Deposit(Guid ledger, int version) => new(10) { SourceId = ledger, Version = version };

    private Task ChangeAsync(IEventBus bus, Guid ledger, int deposits, string? correlationId = null) =>
        ChangeAsync(bus, ledger, version => [.. Enumerable.Range(version, deposits).Select(v => Deposit(ledger, v))], correlationId);

    private Task ChangeAsync(IEventBus bus, Guid ledger, IReadOnlyList<IEvent> events) =>
        ChangeAsync(bus, ledger, _ => events, null);

    /// <summary>One unit of work as a store does it: change the entity, stage its events, save both at once, publish.</summary>
    private async Task ChangeAsync(IEventBus bus, Guid ledgerId, Func<int, IReadOnlyList<IEvent>> eventsFrom, string? correlationId)
    {
        await using var context = NewContext();
        var ledger = await context.Ledgers.FindAsync(ledgerId) ?? context.Ledgers.Add(new Ledger { Id = ledgerId }).Entity;
        var firstVersion = ledger.Version + 1;
        var events = eventsFrom(firstVersion);
        ledger.Version += events.Count;
        var outbox = Outbox(bus);
        outbox.Add(context, ledgerId, firstVersion, events, correlationId: correlationId);
        await context.SaveChangesAsync();
        await outbox.PublishAsync(context, ledgerId, default);
    }

    private async Task<List<PendingEvent>> OutboxAsync()
    {
        await using var context = NewContext();
        return await context.Set<PendingEvent>().AsNoTracking().ToListAsync();
    }

    private static List<int> VersionsOf(TestEventBus bus, Guid ledger) =>
        [.. bus.Published.Select(e => e.Body).OfType<Deposited>().Where(d => d.SourceId == ledger).Select(d => d.Version)];

    private async Task<List<ReceivedMessage>> ReceiveAllAsync()
    {
        var receiver = transport.CreateReceiver(TestTopology.Events, TestTopology.All);
        var messages = new List<ReceivedMessage>();
        while (await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(300), default) is { } message)
        {
            messages.Add(message);
            await receiver.CompleteAsync(message, default);
        }

        return messages;
    }

    /// <summary>Fault injection: the process dies right after the send succeeded, before the rows are deleted.</summary>
    private sealed class CrashesAfterSending(IEventBus inner) : IEventBus
    {
        public Task PublishAsync(Envelope<IEvent> @event, CancellationToken cancellationToken) => PublishAsync([@event], cancellationToken);

        public async Task PublishAsync(IEnumerable<Envelope<IEvent>> events, CancellationToken cancellationToken)
        {
            await inner.PublishAsync(events, cancellationToken);
            throw new IOException("The process died after sending.");
        }
    }

    /// <summary>A concurrent publisher that sends the same rows and deletes them while this one is still sending.</summary>
    private sealed class DeletesTheRowsWhilePublishing(EventOutboxSpecs specs) : IEventBus
    {
        public int Published { get; private set; }

        public Task PublishAsync(Envelope<IEvent> @event, CancellationToken cancellationToken) => PublishAsync([@event], cancellationToken);

        public async Task PublishAsync(IEnumerable<Envelope<IEvent>> events, CancellationToken cancellationToken)
        {
            Published += events.Count();
            await using var other = specs.NewContext();
            Assert.NotEqual(0, await other.Set<PendingEvent>().ExecuteDeleteAsync(cancellationToken));
        }
    }
}

public sealed class SqliteEventOutboxSpecs : EventOutboxSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresEventOutboxSpecs : EventOutboxSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}

/// <summary>On SQL Server when CONFERENCE_TEST_SQLSERVER names one; reported skipped otherwise.</summary>
public sealed class SqlServerEventOutboxSpecs : EventOutboxSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqlServerTestDatabase.CreateAsync();
}
