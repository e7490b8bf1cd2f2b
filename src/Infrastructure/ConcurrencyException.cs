namespace Infrastructure;

/// <summary>
/// Someone else changed the same aggregate or process manager first. Nothing was written; reload and retry.
/// </summary>
public sealed class ConcurrencyException : Exception
{
    public ConcurrencyException()
    {
    }

    public ConcurrencyException(string message) : base(message)
    {
    }

    public ConcurrencyException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>The entity asked for does not exist.</summary>
public sealed class EntityNotFoundException : Exception
{
    public EntityNotFoundException()
    {
    }

    public EntityNotFoundException(string message) : base(message)
    {
    }

    public EntityNotFoundException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public EntityNotFoundException(Guid entityId, string entityType)
        : base($"{entityType} {entityId} was not found.")
    {
        EntityId = entityId;
        EntityType = entityType;
    }

    public Guid EntityId { get; }

    public string? EntityType { get; }
}
