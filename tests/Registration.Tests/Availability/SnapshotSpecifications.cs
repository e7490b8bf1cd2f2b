using Infrastructure;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Microsoft.Extensions.Caching.Memory;
using Registration.Availability;
using Registration.Contracts.Events;
using Registration.Tests.Fakes;

namespace Registration.Tests.Availability;

/// <summary>SeatsAvailability through the real repository, whose cache of mementos means a load replays only newer events.</summary>
public sealed class given_seats_availability_cached_as_a_memento : IDisposable
{
    private readonly CountingEventStore store = new();
    private readonly MemoryCache cache = new(new MemoryCacheOptions());
    private readonly EventSourcedRepository<SeatsAvailability> repository;

    public given_seats_availability_cached_as_a_memento()
    {
        repository = new EventSourcedRepository<SeatsAvailability>(store, Messages.Serializer, new NoNotifier(), cache, new TestClock());
    }

    public void Dispose() => cache.Dispose();

    [Fact]
    public async Task when_loading_after_other_writers_appended_then_only_newer_events_are_read_and_the_state_equals_a_replay()
    {
        var availability = new SeatsAvailability(AvailabilityData.ConferenceId);
        availability.AddSeats(AvailabilityData.General, 10);
        availability.MakeReservation(AvailabilityData.Reservation, [new(AvailabilityData.General, 4)]);
        await repository.SaveAsync(availability, null, CancellationToken.None);

        // Another process appends behind this cache's back.
        var other = SeatsAvailability.Rehydrate(AvailabilityData.ConferenceId, await store.ReadAllAsync(AvailabilityData.ConferenceId));
        other.CommitReservation(AvailabilityData.Reservation);
        other.MakeReservation(AvailabilityData.OtherReservation, [new(AvailabilityData.General, 8)]);
        await new EventSourcedRepository<SeatsAvailability>(store, Messages.Serializer, new NoNotifier(), new MemoryCache(new MemoryCacheOptions()), new TestClock())
            .SaveAsync(other, null, CancellationToken.None);

        var loaded = await repository.GetAsync(AvailabilityData.ConferenceId, CancellationToken.None);

        Assert.Equal(2, store.LastLoadedAfterVersion);
        Assert.Equal(4, loaded.Version);
        Assert.Equal(0, loaded.RemainingSeats(AvailabilityData.General));
        var replayed = SeatsAvailability.Rehydrate(AvailabilityData.ConferenceId, await store.ReadAllAsync(AvailabilityData.ConferenceId));
        var third = Guid.NewGuid();
        loaded.MakeReservation(third, [new(AvailabilityData.General, 1)]);
        replayed.MakeReservation(third, [new(AvailabilityData.General, 1)]);
        Messages.AssertEqual(replayed.PendingEvents, loaded.PendingEvents);
        Assert.Empty(((SeatsReserved)loaded.PendingEvents[0]).ReservationDetails);

        // The committed reservation is closed in both: asking for it again holds nothing.
        loaded.MakeReservation(AvailabilityData.Reservation, [new(AvailabilityData.General, 1)]);
        replayed.MakeReservation(AvailabilityData.Reservation, [new(AvailabilityData.General, 1)]);
        Messages.AssertEqual(replayed.PendingEvents, loaded.PendingEvents);
    }

    [Fact]
    public void when_the_aggregate_changes_after_its_memento_was_taken_then_a_restore_from_that_memento_does_not_see_the_change()
    {
        // The memento shares the aggregate's collections: they must be immutable for this to hold.
        var availability = new SeatsAvailability(AvailabilityData.ConferenceId);
        availability.AddSeats(AvailabilityData.General, 10);
        var memento = availability.SaveToMemento();

        availability.MakeReservation(AvailabilityData.Reservation, [new(AvailabilityData.General, 4)]);
        var restored = SeatsAvailability.Restore(AvailabilityData.ConferenceId, memento, []);

        Assert.Equal((6, 10), (availability.RemainingSeats(AvailabilityData.General), restored.RemainingSeats(AvailabilityData.General)));
        restored.CancelReservation(AvailabilityData.Reservation);
        Assert.Empty(restored.PendingEvents);
    }

    private sealed class NoNotifier : IUnpublishedEventsNotifier
    {
        public void Notify(string sourceType, Guid sourceId, IReadOnlyList<StoredEvent> saved)
        {
        }
    }

    private sealed class CountingEventStore : IEventStore
    {
        private readonly List<StoredEvent> events = [];

        public int LastLoadedAfterVersion { get; private set; } = -1;

        public async Task<IReadOnlyList<IVersionedEvent>> ReadAllAsync(Guid sourceId) =>
            (await LoadAsync(nameof(SeatsAvailability), sourceId, 0, CancellationToken.None))
                .Select(e => (IVersionedEvent)Messages.Serializer.Deserialize(e.TypeName, e.Payload))
                .ToList();

        public Task<IReadOnlyList<StoredEvent>> LoadAsync(string sourceType, Guid sourceId, int afterVersion, CancellationToken cancellationToken)
        {
            LastLoadedAfterVersion = afterVersion;
            return Task.FromResult<IReadOnlyList<StoredEvent>>(
                events.Where(e => e.SourceType == sourceType && e.SourceId == sourceId && e.Version > afterVersion).ToList());
        }

        public Task SaveAsync(string sourceType, Guid sourceId, int expectedVersion, IReadOnlyList<StoredEvent> newEvents, CancellationToken cancellationToken)
        {
            EventStoreValidation.ValidateSave(sourceType, sourceId, expectedVersion, newEvents);
            if (events.Count(e => e.SourceType == sourceType && e.SourceId == sourceId) != expectedVersion)
            {
                throw new ConcurrencyException();
            }

            events.AddRange(newEvents);
            return Task.CompletedTask;
        }
    }
}
