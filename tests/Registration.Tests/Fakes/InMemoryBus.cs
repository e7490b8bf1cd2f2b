using Infrastructure.Messaging;

namespace Registration.Tests.Fakes;

/// <summary>Records what is sent and published, in order; a test harness may drain it.</summary>
public sealed class InMemoryBus : ICommandBus, IEventBus
{
    private readonly List<object> all = [];
    private readonly Queue<object> pending = new();

    public IReadOnlyList<Envelope<ICommand>> Commands => all.OfType<Envelope<ICommand>>().ToList();

    public IReadOnlyList<Envelope<IEvent>> Events => all.OfType<Envelope<IEvent>>().ToList();

    public Task SendAsync(Envelope<ICommand> command, CancellationToken cancellationToken) => SendAsync([command], cancellationToken);

    public Task SendAsync(IEnumerable<Envelope<ICommand>> commands, CancellationToken cancellationToken)
    {
        foreach (var command in commands)
        {
            Add(command);
        }

        return Task.CompletedTask;
    }

    public Task PublishAsync(Envelope<IEvent> @event, CancellationToken cancellationToken) => PublishAsync([@event], cancellationToken);

    public Task PublishAsync(IEnumerable<Envelope<IEvent>> events, CancellationToken cancellationToken)
    {
        foreach (var @event in events)
        {
            Add(@event);
        }

        return Task.CompletedTask;
    }

    /// <summary>The next message not taken yet (an Envelope of a command or of an event), in send order.</summary>
    public bool TryTake(out object message) => pending.TryDequeue(out message!);

    private void Add(object envelope)
    {
        lock (all)
        {
            all.Add(envelope);
            pending.Enqueue(envelope);
        }
    }
}
