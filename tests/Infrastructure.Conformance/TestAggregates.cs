using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Infrastructure.Serialization;

namespace Infrastructure.Conformance;

public sealed record Deposited(int Amount) : VersionedEvent;

public sealed record Withdrawn(int Amount) : VersionedEvent;

/// <summary>A small event-sourced aggregate with snapshots, for the store and repository suites.</summary>
public sealed class Account : EventSourced, IEventSourcedFactory<Account>, IMementoOriginator<Account>
{
    private Account(Guid id) : base(id)
    {
        Handles<Deposited>(e => Balance += e.Amount);
        Handles<Withdrawn>(e => Balance -= e.Amount);
    }

    public int Balance { get; private set; }

    public static Account Open(Guid id) => new(id);

    public static Account Rehydrate(Guid id, IEnumerable<IVersionedEvent> history)
    {
        var account = new Account(id);
        account.LoadFrom(history);
        return account;
    }

    public static Account Restore(Guid id, IMemento memento, IEnumerable<IVersionedEvent> newerEvents)
    {
        var snapshot = (Memento)memento;
        var account = new Account(id) { Balance = snapshot.Balance, Version = snapshot.Version };
        account.LoadFrom(newerEvents);
        return account;
    }

    public IMemento SaveToMemento() => new Memento(Version, Balance);

    public void Deposit(int amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        Raise(new Deposited(amount));
    }

    public void Withdraw(int amount)
    {
        if (amount > Balance)
        {
            throw new InvalidOperationException("Insufficient funds.");
        }

        Raise(new Withdrawn(amount));
    }

    private sealed record Memento(int Version, int Balance) : IMemento;
}

public static class TestMessageTypes
{
    public static MessageTypeRegistry CreateRegistry() => new MessageTypeRegistry()
        .Register<Deposited>()
        .Register<Withdrawn>()
        .Register<PingCommand>()
        .Register<PingHappened>();
}

public sealed record PingCommand(string Text) : ICommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}

public sealed record PingHappened(Guid SourceId, string Text) : IEvent;
