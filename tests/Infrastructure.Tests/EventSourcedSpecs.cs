using Infrastructure.EventSourcing;
using Infrastructure.Messaging;

namespace Infrastructure.Tests;

public class given_an_event_sourced_aggregate
{
    [Fact]
    public void when_events_are_raised_then_they_are_stamped_with_its_id_and_consecutive_versions_and_applied()
    {
        var tally = new Tally(Guid.NewGuid());

        tally.Add(2);
        tally.Add(3);

        Assert.Equal(5, tally.Total);
        Assert.Equal(2, tally.Version);
        Assert.Equal([1, 2], tally.PendingEvents.Select(e => e.Version));
        Assert.All(tally.PendingEvents, e => Assert.Equal(tally.Id, e.SourceId));
    }

    [Fact]
    public void when_rebuilt_from_history_then_it_has_the_same_state_and_no_pending_events()
    {
        var original = new Tally(Guid.NewGuid());
        original.Add(2);
        original.Add(3);

        var rebuilt = Tally.Rehydrate(original.Id, original.PendingEvents);

        Assert.Equal(5, rebuilt.Total);
        Assert.Equal(2, rebuilt.Version);
        Assert.Empty(rebuilt.PendingEvents);
    }

    [Fact]
    public void when_history_skips_a_version_then_loading_fails_rather_than_building_wrong_state()
    {
        var id = Guid.NewGuid();
        var history = new IVersionedEvent[] { new Added(1) { SourceId = id, Version = 1 }, new Added(1) { SourceId = id, Version = 3 } };

        Assert.Throws<InvalidOperationException>(() => Tally.Rehydrate(id, history));
    }

    [Fact]
    public void when_an_event_has_no_handler_then_applying_it_fails()
    {
        var id = Guid.NewGuid();

        Assert.Throws<InvalidOperationException>(() => Tally.Rehydrate(id, [new Unhandled { SourceId = id, Version = 1 }]));
    }

    private sealed record Added(int Amount) : VersionedEvent;

    private sealed record Unhandled : VersionedEvent;

    private sealed class Tally : EventSourced, IEventSourcedFactory<Tally>
    {
        public Tally(Guid id) : base(id) => Handles<Added>(e => Total += e.Amount);

        public int Total { get; private set; }

        public static Tally Rehydrate(Guid id, IEnumerable<IVersionedEvent> history)
        {
            var tally = new Tally(id);
            tally.LoadFrom(history);
            return tally;
        }

        public void Add(int amount) => Raise(new Added(amount));
    }
}
