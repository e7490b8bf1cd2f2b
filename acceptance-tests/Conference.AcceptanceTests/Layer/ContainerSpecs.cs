using Conference.AcceptanceTests.Framework;

namespace Conference.AcceptanceTests.Layer;

public sealed class ContainerSpecs
{
    public sealed class Log
    {
        public List<string> Disposed { get; } = [];
    }

    public sealed class Leaf(Log log) : IDisposable
    {
        public Log Log { get; } = log;

        public void Dispose() => Log.Disposed.Add(nameof(Leaf));
    }

    public sealed class Branch(Leaf leaf, Log log) : IAsyncDisposable
    {
        public Leaf Leaf { get; } = leaf;

        public ValueTask DisposeAsync()
        {
            log.Disposed.Add(nameof(Branch));
            return ValueTask.CompletedTask;
        }
    }

    public sealed class Chicken(Egg egg)
    {
        public Egg Egg { get; } = egg;
    }

    public sealed class Egg(Chicken chicken)
    {
        public Chicken Chicken { get; } = chicken;
    }

    public interface IClock
    {
        DateTimeOffset Now { get; }
    }

    public sealed class NeedsClock(IClock clock)
    {
        public IClock Clock { get; } = clock;
    }

    public sealed class FixedClock : IClock
    {
        public DateTimeOffset Now { get; } = DateTimeOffset.UnixEpoch;
    }

    [Fact]
    public async Task One_instance_per_type_is_shared_through_constructors_and_disposed_newest_first()
    {
        var log = new Log();
        var container = new ScenarioContainer();
        container.RegisterInstanceAs(log);
        var branch = container.Resolve<Branch>();
        Assert.Same(branch.Leaf, container.Resolve<Leaf>());
        Assert.Same(log, branch.Leaf.Log);

        await container.DisposeAsync();
        Assert.Equal([nameof(Branch), nameof(Leaf)], log.Disposed);
    }

    [Fact]
    public async Task Registered_instances_are_not_disposed_unless_handed_over()
    {
        var kept = new Leaf(new Log());
        var handedOver = new Branch(new Leaf(new Log()), kept.Log);
        var container = new ScenarioContainer();
        container.RegisterInstanceAs(kept);
        container.RegisterInstanceAs(handedOver, dispose: true);
        await container.DisposeAsync();
        Assert.Equal([nameof(Branch)], kept.Log.Disposed);
    }

    [Fact]
    public void A_circular_dependency_shows_the_chain()
    {
        var error = Assert.Throws<ObjectContainerException>(() => new ScenarioContainer().Resolve<Chicken>());
        Assert.Contains("Chicken -> Egg -> Chicken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interface_needs_a_registration_and_says_who_wanted_it()
    {
        var error = Assert.Throws<ObjectContainerException>(() => new ScenarioContainer().Resolve<NeedsClock>());
        Assert.Contains("IClock", error.Message, StringComparison.Ordinal);
        Assert.Contains("needed by NeedsClock", error.Message, StringComparison.Ordinal);

        var container = new ScenarioContainer();
        container.RegisterTypeAs<FixedClock, IClock>();
        Assert.IsType<FixedClock>(container.Resolve<NeedsClock>().Clock);
        Assert.Same(container.Resolve<IClock>(), container.Resolve<FixedClock>());
    }

    [Fact]
    public void The_scenario_context_keeps_values_by_key_and_by_type()
    {
        var feature = new FeatureContext(new FeatureInfo("F", "", [], "F.feature"));
        var context = new ScenarioContext(new ScenarioInfo("S", "", [], [], new Dictionary<string, string>()), feature);
        context.Set(42, "seats");
        context.Set(new Log());
        Assert.Equal(42, context.Get<int>("seats"));
        Assert.NotNull(context.Get<Log>());
        var error = Assert.Throws<KeyNotFoundException>(() => context.Get<string>("name"));
        Assert.Contains("'name'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_container_resolves_itself()
    {
        var container = new ScenarioContainer();
        Assert.Same(container, container.Resolve<IObjectContainer>());
    }
}
