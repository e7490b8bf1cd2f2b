using Infrastructure.Messaging;

namespace Infrastructure.Processes;

/// <summary>
/// Coordinates aggregates by reacting to events and sending commands. Its state and the commands it
/// decided to send are saved together (see <see cref="IProcessManagerDataContext{T}"/>).
/// </summary>
public interface IProcessManager
{
    Guid Id { get; }

    bool Completed { get; }

    /// <summary>Commands decided since the process manager was loaded, sent after its state is saved.</summary>
    IEnumerable<Envelope<ICommand>> Commands { get; }
}

/// <summary>
/// Persistence of process managers with an outbox: state and undispatched commands commit
/// in one transaction, the commands are sent after the commit, and a load first sends anything left
/// undispatched by a crash. Optimistic concurrency: a conflicting save throws <see cref="ConcurrencyException"/>.
/// </summary>
public interface IProcessManagerDataContext<T> where T : class, IProcessManager
{
    Task<T?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The first process manager matching <paramref name="predicate"/> (completed ones only if asked).</summary>
    Task<T?> FindAsync(System.Linq.Expressions.Expression<Func<T, bool>> predicate, bool includeCompleted, CancellationToken cancellationToken);

    Task SaveAsync(T processManager, CancellationToken cancellationToken);
}
