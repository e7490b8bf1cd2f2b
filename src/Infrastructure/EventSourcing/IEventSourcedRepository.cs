namespace Infrastructure.EventSourcing;

public interface IEventSourcedRepository<T> where T : IEventSourced
{
    /// <summary>The aggregate rebuilt from its events, or null when it has none.</summary>
    Task<T?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Saves the pending events; <paramref name="correlationId"/> (usually the command id) travels with them.</summary>
    Task SaveAsync(T aggregate, string? correlationId, CancellationToken cancellationToken);
}

public static class EventSourcedRepositoryExtensions
{
    /// <summary>Like FindAsync, but a missing aggregate is an <see cref="EntityNotFoundException"/>.</summary>
    public static async Task<T> GetAsync<T>(this IEventSourcedRepository<T> repository, Guid id, CancellationToken cancellationToken)
        where T : IEventSourced
    {
        ArgumentNullException.ThrowIfNull(repository);
        return await repository.FindAsync(id, cancellationToken) ?? throw new EntityNotFoundException(id, typeof(T).Name);
    }
}
