using Infrastructure.Conformance;
using Infrastructure.Messaging;
using Infrastructure.Processes;
using Infrastructure.Serialization;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.Messaging;
using Infrastructure.Sql.Processes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;

namespace Infrastructure.Sql.Tests;

/// <summary>A process manager used to specify the outbox data context.</summary>
public sealed class Shipment : IProcessManager
{
    private readonly List<Envelope<ICommand>> commands = [];

    public Guid Id { get; set; }

    public bool Completed { get; set; }

    public int PingsSent { get; set; }

    public IEnumerable<Envelope<ICommand>> Commands => commands;

    public void Ping(string text)
    {
        PingsSent++;
        commands.Add(Envelope.Create<ICommand>(new PingCommand(text)));
    }
}

public sealed class ShipmentDbContext(DbContextOptions<ShipmentDbContext> options) : ProcessManagerDbContext(options)
{
    public const string MigrationsHistoryTable = "__ShipmentMigrations";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        MapProcessManager<Shipment>(modelBuilder, "Shipments");
    }

    public static Task MigrateAsync(SqlDatabase database) =>
        SqlMigrations.MigrateAsync<ShipmentDbContext>(database, MigrationsHistoryTable, o => new ShipmentDbContext(o), default);
}

[DbContext(typeof(ShipmentDbContext))]
[Migration("20261122000001_CreateShipments")]
public sealed class CreateShipments : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateUndispatchedMessagesTable();
        migrationBuilder.CreateTable(
            name: "Shipments",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Completed = t.Column<bool>(nullable: false),
                PingsSent = t.Column<int>(nullable: false),
                ConcurrencyVersion = t.Column<int>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_Shipments", x => x.Id));
    }
}

public abstract class ProcessManagerDataContextSpecs : IAsyncLifetime
{
    private readonly JsonMessageSerializer serializer = new(TestMessageTypes.CreateRegistry());
    private ITestDatabase database = null!;
    private SqlMessageTransport transport = null!;

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        database = await CreateDatabaseAsync();
        await ShipmentDbContext.MigrateAsync(database.Database);
        transport = new SqlMessageTransport(database.Database);
        await transport.Topology.EnsureTopologyAsync(TestTopology.Value, default);
    }

    public Task DisposeAsync() => database?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    [SkippableFact]
    public async Task when_a_process_manager_is_saved_then_its_state_persists_and_its_commands_are_sent_once()
    {
        var shipment = new Shipment { Id = Guid.NewGuid() };
        shipment.Ping("hello");
        await using (var context = DataContext())
        {
            await context.SaveAsync(shipment, default);
        }

        await using var reader = DataContext();
        var found = await reader.FindAsync(shipment.Id, default);
        Assert.Equal(1, found?.PingsSent);
        Assert.Equal(["hello"], await SentPingsAsync());
        Assert.Equal(0, await UndispatchedCountAsync());
    }

    [SkippableFact]
    public async Task when_the_process_dies_after_saving_but_before_sending_then_the_next_load_sends_the_commands()
    {
        var shipment = new Shipment { Id = Guid.NewGuid() };
        shipment.Ping("survives");
        await using (var crashing = DataContext(new CrashingCommandBus()))
        {
            await Assert.ThrowsAsync<SimulatedCrashException>(() => crashing.SaveAsync(shipment, default));
        }

        Assert.Equal(1, await UndispatchedCountAsync());
        Assert.Empty(await SentPingsAsync());

        await using var recovered = DataContext();
        var found = await recovered.FindAsync(shipment.Id, default);

        Assert.Equal(1, found?.PingsSent);
        Assert.Equal(["survives"], await SentPingsAsync());
        Assert.Equal(0, await UndispatchedCountAsync());
    }

    [SkippableFact]
    public async Task when_undispatched_commands_are_swept_at_start_up_then_they_are_sent()
    {
        var shipment = new Shipment { Id = Guid.NewGuid(), Completed = true };
        shipment.Ping("orphaned");
        await using (var crashing = DataContext(new CrashingCommandBus()))
        {
            await Assert.ThrowsAsync<SimulatedCrashException>(() => crashing.SaveAsync(shipment, default));
        }

        await using var sweeper = DataContext();
        Assert.Equal(1, await sweeper.DispatchAllUndispatchedAsync(default));

        Assert.Equal(["orphaned"], await SentPingsAsync());
        Assert.Equal(0, await UndispatchedCountAsync());
    }

    [SkippableFact]
    public async Task when_the_next_message_of_the_process_dispatches_the_outbox_while_the_save_is_sending_then_both_succeed_and_the_commands_are_sent_once()
    {
        var shipment = new Shipment { Id = Guid.NewGuid() };
        shipment.Ping("raced");
        var realBus = new CommandBus(transport.CreateSender(TestTopology.Commands), serializer);
        var overtaking = new OvertakingCommandBus(realBus, async () =>
        {
            // Another handler of the same process loads it meanwhile, finds the outbox and dispatches it.
            await using var other = DataContext();
            await other.FindAsync(shipment.Id, default);
        });

        await using (var saving = DataContext(overtaking))
        {
            await saving.SaveAsync(shipment, default);
        }

        Assert.True(overtaking.Overtaken);
        Assert.Equal(["raced"], await SentPingsAsync());
        Assert.Equal(0, await UndispatchedCountAsync());
    }

    [SkippableFact]
    public Task when_two_units_of_work_change_the_same_process_manager_then_the_second_save_is_a_concurrency_conflict() =>
        SecondOfTwoConcurrentChangesConflictsAndSendsNothingAsync(() => DataContext());

    [SkippableFact]
    public async Task when_two_units_of_work_create_the_same_process_manager_then_the_second_is_a_concurrency_conflict()
    {
        var id = Guid.NewGuid();
        await using var first = DataContext();
        await using var second = DataContext();

        await first.SaveAsync(new Shipment { Id = id }, default);
        await Assert.ThrowsAsync<ConcurrencyException>(() => second.SaveAsync(new Shipment { Id = id }, default));
    }

    [SkippableFact]
    public async Task when_a_save_loses_a_race_then_the_database_layer_logs_no_warning_or_error_of_its_own()
    {
        // The caller turns the lost race into a ConcurrencyException and retries; EF's own error entry
        // (with the provider's stack trace) would report a resolved race as a fault.
        var id = Guid.NewGuid();
        var logs = new RecordingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        await using var first = DataContext();
        var builder = new DbContextOptionsBuilder<ShipmentDbContext>().UseLoggerFactory(loggerFactory);
        database.Database.Configure(builder, ShipmentDbContext.MigrationsHistoryTable);
        await using var second = new SqlProcessManagerDataContext<Shipment>(
            new ShipmentDbContext(builder.Options), new CommandBus(transport.CreateSender(TestTopology.Commands), serializer), serializer);

        await first.SaveAsync(new Shipment { Id = id }, default);
        await Assert.ThrowsAsync<ConcurrencyException>(() => second.SaveAsync(new Shipment { Id = id }, default));

        Assert.Contains(logs.Entries, e => e.Category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [SkippableFact]
    public async Task given_the_sql_transport_in_its_database_when_a_process_manager_is_saved_then_its_commands_are_queued_in_the_save_and_no_outbox_row_is_left()
    {
        var shipment = new Shipment { Id = Guid.NewGuid() };
        shipment.Ping("in the save");
        await using (var context = DataContextSendingOnSave())
        {
            await context.SaveAsync(shipment, default);
        }

        await using var reader = DataContext();
        Assert.Equal(1, (await reader.FindAsync(shipment.Id, default))?.PingsSent);
        Assert.Equal(0, await UndispatchedCountAsync());
        Assert.Equal(["in the save"], await SentPingsAsync());
    }

    [SkippableFact]
    public async Task given_the_sql_transport_in_its_database_when_its_commands_cannot_be_queued_then_the_process_manager_is_not_saved_either()
    {
        // The commands' topic does not exist: the enqueue fails inside the save's transaction.
        var shipment = new Shipment { Id = Guid.NewGuid() };
        shipment.Ping("nowhere");
        await using (var context = DataContextSendingOnSave("test/missing"))
        {
            await Assert.ThrowsAsync<MessagingEntityNotFoundException>(() => context.SaveAsync(shipment, default));
        }

        await using var reader = DataContext();
        Assert.Null(await reader.FindAsync(shipment.Id, default));
        Assert.Equal(0, await UndispatchedCountAsync());
    }

    [SkippableFact]
    public Task given_the_sql_transport_in_its_database_when_a_save_loses_the_race_then_its_commands_are_not_queued() =>
        SecondOfTwoConcurrentChangesConflictsAndSendsNothingAsync(() => DataContextSendingOnSave());

    [SkippableFact]
    public async Task when_finding_by_predicate_then_completed_ones_are_left_out_unless_asked_for()
    {
        var id = Guid.NewGuid();
        await using (var creator = DataContext())
        {
            await creator.SaveAsync(new Shipment { Id = id, Completed = true, PingsSent = 42 }, default);
        }

        await using var reader = DataContext();
        Assert.Null(await reader.FindAsync(s => s.PingsSent == 42, includeCompleted: false, default));
        Assert.NotNull(await reader.FindAsync(s => s.PingsSent == 42, includeCompleted: true, default));
    }

    private SqlProcessManagerDataContext<Shipment> DataContext(ICommandBus? bus = null) =>
        new(
            new ShipmentDbContext(database.Database.CreateOptions<ShipmentDbContext>(ShipmentDbContext.MigrationsHistoryTable)),
            bus ?? new CommandBus(transport.CreateSender(TestTopology.Commands), serializer),
            serializer);

    /// <summary>Two units of work change the same process manager: the first save wins, the second is a conflict and sends nothing.</summary>
    private async Task SecondOfTwoConcurrentChangesConflictsAndSendsNothingAsync(Func<SqlProcessManagerDataContext<Shipment>> create)
    {
        var shipment = new Shipment { Id = Guid.NewGuid() };
        await using (var creator = create())
        {
            await creator.SaveAsync(shipment, default);
        }

        await using var first = create();
        await using var second = create();
        var a = (await first.FindAsync(shipment.Id, default))!;
        var b = (await second.FindAsync(shipment.Id, default))!;
        a.Ping("a");
        b.Ping("b");

        await first.SaveAsync(a, default);
        await Assert.ThrowsAsync<ConcurrencyException>(() => second.SaveAsync(b, default));

        Assert.Equal(["a"], await SentPingsAsync());
    }

    private SqlProcessManagerDataContext<Shipment> DataContextSendingOnSave(string topic = TestTopology.Commands) =>
        new(
            new ShipmentDbContext(database.Database.CreateOptions<ShipmentDbContext>(ShipmentDbContext.MigrationsHistoryTable)),
            new CommandBus(transport.CreateSender(topic), serializer),
            serializer,
            database.Database);

    private async Task<List<string>> SentPingsAsync()
    {
        var receiver = transport.CreateReceiver(TestTopology.Commands, TestTopology.All);
        var texts = new List<string>();
        while (await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(300), default) is { } message)
        {
            texts.Add(((PingCommand)serializer.Deserialize(message.Message.TypeName, message.Message.Body)).Text);
            await receiver.CompleteAsync(message, default);
        }

        return texts;
    }

    private async Task<int> UndispatchedCountAsync()
    {
        await using var context = new ShipmentDbContext(database.Database.CreateOptions<ShipmentDbContext>(ShipmentDbContext.MigrationsHistoryTable));
        return await context.UndispatchedMessages.CountAsync();
    }

    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<(string Category, LogLevel Level)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<(string Category, LogLevel Level)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((category, logLevel));
        }
    }

    /// <summary>Sends, then lets someone else act before the sender goes on (once).</summary>
    private sealed class OvertakingCommandBus(ICommandBus inner, Func<Task> meanwhile) : ICommandBus
    {
        public bool Overtaken { get; private set; }

        public Task SendAsync(Envelope<ICommand> command, CancellationToken cancellationToken) => SendAsync([command], cancellationToken);

        public async Task SendAsync(IEnumerable<Envelope<ICommand>> commands, CancellationToken cancellationToken)
        {
            await inner.SendAsync(commands, cancellationToken);
            if (!Overtaken)
            {
                Overtaken = true;
                await meanwhile();
            }
        }
    }

    /// <summary>Fault injection: the process dies as it tries to send.</summary>
    private sealed class CrashingCommandBus : ICommandBus
    {
        public Task SendAsync(Envelope<ICommand> command, CancellationToken cancellationToken) => throw new SimulatedCrashException();

        public Task SendAsync(IEnumerable<Envelope<ICommand>> commands, CancellationToken cancellationToken) => throw new SimulatedCrashException();
    }
}

public sealed class SqliteProcessManagerDataContextSpecs : ProcessManagerDataContextSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresProcessManagerDataContextSpecs : ProcessManagerDataContextSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}

/// <summary>On SQL Server when CONFERENCE_TEST_SQLSERVER names one; reported skipped otherwise.</summary>
public sealed class SqlServerProcessManagerDataContextSpecs : ProcessManagerDataContextSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqlServerTestDatabase.CreateAsync();
}
