using Infrastructure.EventSourcing;
using Infrastructure.Resilience;
using Infrastructure.Serialization;
using Infrastructure.Sql.EventSourcing;
using Infrastructure.Sql.Testing;
using Microsoft.Extensions.Caching.Memory;
using Registration.Availability;
using Registration.Contracts;
using Registration.Contracts.Commands;
using Registration.Contracts.Events;

namespace Registration.IntegrationTests;

/// <summary>
/// SeatsAvailability on the real event store: many reservations racing for the last seats, each
/// handler in its own "process" (its own repository and snapshot cache), conflicts retried as the
/// message processor retries them.
/// </summary>
public abstract class SeatsAvailabilityOnTheEventStoreSpecs : IAsyncLifetime
{
    private readonly JsonMessageSerializer serializer = new(RegistrationMessageTypes.Register(new MessageTypeRegistry()));
    private ITestDatabase database = null!;

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync() => database = await CreateDatabaseAsync();

    public Task DisposeAsync() => database.DisposeAsync().AsTask();

    [Fact]
    public async Task when_more_registrants_than_seats_race_for_the_last_seats_then_no_seat_is_sold_twice()
    {
        var conferenceId = Guid.NewGuid();
        var seatType = Guid.NewGuid();
        await Handler().HandleAsync(new AddSeats(conferenceId, seatType, 10), default);

        var reservations = Enumerable.Range(0, 16).Select(_ => new MakeSeatReservation(conferenceId, Guid.NewGuid(), [new SeatQuantity(seatType, 2)])).ToList();
        await Task.WhenAll(reservations.Select(command =>
        {
            var handler = Handler();
            return ResiliencePipelines.ConcurrencyConflicts.ExecuteAsync(async token => await handler.HandleAsync(command, token), default).AsTask();
        }));

        var history = (await new SqlEventStore(database.Database).LoadAsync(nameof(SeatsAvailability), conferenceId, 0, default))
            .Select(e => serializer.Deserialize(e.TypeName, e.Payload))
            .ToList();
        var reserved = history.OfType<SeatsReserved>()
            .SelectMany(e => e.ReservationDetails)
            .Where(d => d.SeatType == seatType)
            .Sum(d => d.Quantity);
        var availability = await Repository().GetAsync(conferenceId, default);

        Assert.Equal(16, history.OfType<SeatsReserved>().Count());
        Assert.Equal(10, reserved);
        Assert.Equal(0, availability.RemainingSeats(seatType));
    }

    [Fact]
    public async Task when_loaded_from_its_snapshot_then_it_equals_the_full_replay()
    {
        var conferenceId = Guid.NewGuid();
        var seatType = Guid.NewGuid();
        var cachedHandler = Handler();
        await cachedHandler.HandleAsync(new AddSeats(conferenceId, seatType, 50), default);
        await cachedHandler.HandleAsync(new MakeSeatReservation(conferenceId, Guid.NewGuid(), [new SeatQuantity(seatType, 5)]), default);
        await Handler().HandleAsync(new MakeSeatReservation(conferenceId, Guid.NewGuid(), [new SeatQuantity(seatType, 7)]), default);

        var cached = Repository();
        await cached.FindAsync(conferenceId, default);
        await Handler().HandleAsync(new RemoveSeats(conferenceId, seatType, 3), default);
        var fromSnapshot = await cached.GetAsync(conferenceId, default);
        var replayed = await Repository().GetAsync(conferenceId, default);

        Assert.Equal(replayed.Version, fromSnapshot.Version);
        Assert.Equal(replayed.RemainingSeats(seatType), fromSnapshot.RemainingSeats(seatType));
        Assert.Equal(35, fromSnapshot.RemainingSeats(seatType));
    }

    private SeatsAvailabilityHandler Handler() => new(Repository());

    private EventSourcedRepository<SeatsAvailability> Repository() =>
        new(new SqlEventStore(database.Database), serializer, new NoPublisher(), new MemoryCache(new MemoryCacheOptions()), TimeProvider.System);

    private sealed class NoPublisher : IUnpublishedEventsNotifier
    {
        public void Notify(string sourceType, Guid sourceId, IReadOnlyList<StoredEvent> saved)
        {
        }
    }
}

public sealed class SqliteSeatsAvailabilityOnTheEventStoreSpecs : SeatsAvailabilityOnTheEventStoreSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresSeatsAvailabilityOnTheEventStoreSpecs : SeatsAvailabilityOnTheEventStoreSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
