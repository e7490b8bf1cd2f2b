namespace Infrastructure.Azure.EventSourcing;

/// <summary>
/// A save holds more events, or more bytes of them, than one entity-group transaction can write with their
/// unpublished copies (<see cref="AzureTableEventStore.MaxEventsPerSave"/> events, a 4 MiB body). Nothing was written: an aggregate that raises
/// so many events in one command should be split, or save them in several commands.
/// </summary>
public sealed class EventBatchTooLargeException : Exception
{
    public EventBatchTooLargeException()
    {
    }

    public EventBatchTooLargeException(string message) : base(message)
    {
    }

    public EventBatchTooLargeException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
