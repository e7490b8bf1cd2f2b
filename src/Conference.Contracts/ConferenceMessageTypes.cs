using Conference.Contracts.Events;
using Infrastructure.Serialization;

namespace Conference.Contracts;

/// <summary>The stable names of the Conference Management integration events.</summary>
public static class ConferenceMessageTypes
{
    public static MessageTypeRegistry Register(MessageTypeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Register<ConferenceCreated>()
            .Register<ConferenceUpdated>()
            .Register<ConferencePublished>()
            .Register<ConferenceUnpublished>()
            .Register<SeatCreated>()
            .Register<SeatUpdated>();
    }
}
