using System.Text.Json;
using Discounts.Contracts;
using Discounts.Contracts.Events;
using Infrastructure.Messaging;
using Infrastructure.Serialization;

namespace Discounts.Tests;

internal static class PromotionalCodeData
{
    public static readonly Guid ConferenceId = Guid.Parse("d15c0000-0000-4000-8000-0000000000c0");
    public static readonly Guid General = Guid.Parse("d15c0000-0000-4000-8000-00000000000a");
    public static readonly Guid Workshop = Guid.Parse("d15c0000-0000-4000-8000-00000000000b");
    public static readonly Guid Order = Guid.Parse("d15c0000-0000-4000-8000-000000000001");
    public static readonly Guid OtherOrder = Guid.Parse("d15c0000-0000-4000-8000-000000000002");
    public static readonly DateTimeOffset Now = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    public static JsonMessageSerializer Serializer { get; } = new(DiscountsMessageTypes.Register(new MessageTypeRegistry()));

    public static Guid IdOf(string code) => PromotionalCodeIdentity.IdOf(ConferenceId, code);

    /// <summary>1TIMEPRECON: 50% of the CQRS workshop, single use.</summary>
    public static PromotionalCodeDefined SingleUse() =>
        new(ConferenceId, "1TIMEPRECON", DiscountKind.Percentage, 50m, [Workshop], 1, CombiningRule.None, null);

    /// <summary>SPEAKER123: 100% of every seat, unlimited.</summary>
    public static PromotionalCodeDefined Unlimited() =>
        new(ConferenceId, "SPEAKER123", DiscountKind.Percentage, 100m, [], null, CombiningRule.None, null);

    /// <summary>The code rebuilt from a history, each event through the real serializer.</summary>
    public static PromotionalCode Given(string code, params VersionedEvent[] history)
    {
        var id = IdOf(code);
        return PromotionalCode.Rehydrate(id, history.Select((e, i) =>
        {
            var (typeName, body) = Serializer.Serialize(e with { SourceId = id, Version = i + 1 });
            return (IVersionedEvent)Serializer.Deserialize(typeName, body);
        }).ToList());
    }

    public static string Describe(object message) =>
        $"{message.GetType().Name} {JsonSerializer.Serialize(message is VersionedEvent e ? e with { SourceId = default, Version = 0 } : message, message.GetType(), JsonMessageSerializer.Options)}";

    public static void AssertEvents(IEnumerable<object> expected, IEnumerable<object> actual) =>
        Assert.Equal(expected.Select(Describe), actual.Select(Describe));
}
