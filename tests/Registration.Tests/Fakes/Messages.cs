using System.Text.Json;
using Conference.Contracts;
using Discounts.Contracts;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Infrastructure.Serialization;
using Payments.Contracts;
using Registration.Contracts;
using WaitingList.Contracts;

namespace Registration.Tests.Fakes;

/// <summary>The registry of every contract these tests see, as the hosts will build it.</summary>
public static class Messages
{
    public static MessageTypeRegistry CreateRegistry()
    {
        var registry = new MessageTypeRegistry();
        RegistrationMessageTypes.Register(registry);
        PaymentsMessageTypes.Register(registry);
        ConferenceMessageTypes.Register(registry);
        WaitingListMessageTypes.Register(registry);
        DiscountsMessageTypes.Register(registry);
        return registry;
    }

    public static JsonMessageSerializer Serializer { get; } = new(CreateRegistry());

    /// <summary>Messages compared by type and content; SourceId and Version of versioned events are left out.</summary>
    public static string Describe(object message) =>
        $"{message.GetType().Name} {JsonSerializer.Serialize(message is VersionedEvent e ? e with { SourceId = default, Version = 0 } : message, message.GetType(), JsonMessageSerializer.Options)}";

    public static void AssertEqual(IEnumerable<object> expected, IEnumerable<object> actual) =>
        Assert.Equal(expected.Select(Describe), actual.Select(Describe));
}
