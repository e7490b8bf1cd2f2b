namespace Infrastructure.Messaging;

/// <summary>Something that happened, in the past tense; any number of handlers may react.</summary>
public interface IEvent
{
    Guid SourceId { get; }
}
