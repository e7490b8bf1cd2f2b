using Infrastructure;
using Infrastructure.Messaging;
using Infrastructure.Serialization;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.Processes;
using Infrastructure.Sql.Testing;
using Registration.Contracts;
using Registration.Contracts.Commands;
using Registration.Contracts.Events;
using Registration.Process;

namespace Registration.IntegrationTests;

/// <summary>The registration process manager in its SQL store: every field survives, and the outbox loses no command.</summary>
public abstract class RegistrationProcessPersistenceSpecs : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private readonly JsonMessageSerializer serializer = new(RegistrationMessageTypes.Register(new MessageTypeRegistry()));
    private readonly Guid orderId = Guid.NewGuid();
    private readonly Guid conferenceId = Guid.NewGuid();
    private ITestDatabase database = null!;

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        database = await CreateDatabaseAsync();
        await SqlMigrations.MigrateAsync<RegistrationProcessManagerDbContext>(
            database.Database, RegistrationProcessManagerDbContext.MigrationsHistoryTable, o => new RegistrationProcessManagerDbContext(o), default);
    }

    public Task DisposeAsync() => database.DisposeAsync().AsTask();

    [Fact]
    public async Task given_a_saved_process_when_it_is_loaded_then_every_field_is_as_saved()
    {
        var process = Placed();
        var reservationCommandId = process.SeatReservationCommandId;
        await using (var context = Context(new RecordingBus()))
        {
            await context.SaveAsync(process, default);
        }

        await using var reader = Context(new RecordingBus());
        var loaded = await reader.FindAsync(p => p.ReservationId == orderId, includeCompleted: false, default);

        Assert.NotNull(loaded);
        Assert.Equal(ProcessState.AwaitingReservationConfirmation, loaded.State);
        Assert.Equal(conferenceId, loaded.ConferenceId);
        Assert.Equal(orderId, loaded.OrderId);
        Assert.Equal(Now.AddMinutes(15), loaded.ReservationAutoExpiration);
        Assert.Equal(reservationCommandId, loaded.SeatReservationCommandId);
        Assert.Equal(process.ExpirationCommandId, loaded.ExpirationCommandId);
        Assert.NotEqual(Guid.Empty, loaded.ExpirationCommandId);
        Assert.False(loaded.Completed);
    }

    [Fact]
    public async Task given_the_process_died_after_saving_when_it_is_loaded_again_then_its_commands_are_sent_with_their_ids()
    {
        var process = Placed();
        var expected = process.Commands.Select(c => c.Body.Id).ToList();
        await using (var crashing = Context(new RecordingBus { FailSends = true }))
        {
            await Assert.ThrowsAsync<IOException>(() => crashing.SaveAsync(process, default));
        }

        var bus = new RecordingBus();
        await using var next = Context(bus);
        var loaded = await next.FindAsync(orderId, default);

        Assert.Equal(ProcessState.AwaitingReservationConfirmation, loaded!.State);
        Assert.Equal(expected, bus.Sent.Select(c => c.Body.Id));
        Assert.IsType<MakeSeatReservation>(bus.Sent[0].Body);
        Assert.IsType<ExpireRegistrationProcess>(bus.Sent[1].Body);
        Assert.Equal(TimeSpan.FromMinutes(15 + 14), bus.Sent[1].Delay);
        Assert.Equal(expected.Select(id => id.ToString()), bus.Sent.Select(c => c.MessageId));
    }

    [Fact]
    public async Task given_the_process_died_after_saving_when_the_processor_starts_then_the_commands_are_sent_once()
    {
        await using (var crashing = Context(new RecordingBus { FailSends = true }))
        {
            await Assert.ThrowsAsync<IOException>(() => crashing.SaveAsync(Placed(), default));
        }

        var bus = new RecordingBus();
        await using (var startup = Context(bus))
        {
            Assert.Equal(1, await startup.DispatchAllUndispatchedAsync(default));
        }

        await using (var again = Context(bus))
        {
            Assert.Equal(0, await again.DispatchAllUndispatchedAsync(default));
        }

        Assert.Equal(2, bus.Sent.Count);
    }

    [Fact]
    public async Task given_two_handlers_loaded_the_same_process_when_both_save_then_the_second_gets_a_concurrency_conflict()
    {
        await using (var context = Context(new RecordingBus()))
        {
            await context.SaveAsync(Placed(), default);
        }

        await using var first = Context(new RecordingBus());
        await using var second = Context(new RecordingBus());
        var a = (await first.FindAsync(orderId, default))!;
        var b = (await second.FindAsync(orderId, default))!;
        a.Handle(Reserved(a.SeatReservationCommandId));
        b.Handle(Reserved(b.SeatReservationCommandId));

        await first.SaveAsync(a, default);
        await Assert.ThrowsAsync<ConcurrencyException>(() => second.SaveAsync(b, default));
    }

    [Fact]
    public async Task given_a_process_exists_when_a_duplicate_order_placed_starts_another_then_saving_it_conflicts()
    {
        await using (var context = Context(new RecordingBus()))
        {
            await context.SaveAsync(Placed(), default);
        }

        await using var duplicate = Context(new RecordingBus());
        await Assert.ThrowsAsync<ConcurrencyException>(() => duplicate.SaveAsync(Placed(), default));
    }

    private RegistrationProcessManager Placed()
    {
        var process = new RegistrationProcessManager(orderId);
        process.Handle(new OrderPlaced(conferenceId, [new SeatQuantity(Guid.NewGuid(), 2)], Now.AddMinutes(15), "ABC123") { SourceId = orderId, Version = 1 }, Now, RegistrationOptions.DefaultExpirationBuffer);
        return process;
    }

    private Envelope<SeatsReserved> Reserved(Guid correlationId) =>
        new(new SeatsReserved(orderId, [], []) { SourceId = conferenceId, Version = 2 }) { CorrelationId = correlationId.ToString() };

    private SqlProcessManagerDataContext<RegistrationProcessManager> Context(ICommandBus bus) =>
        new(new RegistrationProcessManagerDbContext(database.Database.CreateOptions<RegistrationProcessManagerDbContext>(RegistrationProcessManagerDbContext.MigrationsHistoryTable)), bus, serializer);

    private sealed class RecordingBus : ICommandBus
    {
        public bool FailSends { get; init; }

        public List<Envelope<ICommand>> Sent { get; } = [];

        public Task SendAsync(Envelope<ICommand> command, CancellationToken cancellationToken) => SendAsync([command], cancellationToken);

        public Task SendAsync(IEnumerable<Envelope<ICommand>> commands, CancellationToken cancellationToken)
        {
            if (FailSends)
            {
                throw new IOException("The process died before sending.");
            }

            lock (Sent)
            {
                Sent.AddRange(commands);
            }

            return Task.CompletedTask;
        }
    }
}

public sealed class SqliteRegistrationProcessPersistenceSpecs : RegistrationProcessPersistenceSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresRegistrationProcessPersistenceSpecs : RegistrationProcessPersistenceSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
