using Infrastructure.Messaging;

namespace Infrastructure.Conformance;

/// <summary>The topology every conformance suite runs against.</summary>
public static class TestTopology
{
    public const string Commands = "test/commands";
    public const string Events = "test/events";
    public const string ShortLocks = "test/short-locks";
    public const string ShortDedupe = "test/short-dedupe";
    public const string Renewable = "test/renewable";

    /// <summary>A topic whose one subscription requires sessions: messages of one partition key go one at a time, in order.</summary>
    public const string Ordered = "test/ordered";

    public const string All = "all";
    public const string OnlyA = "only-a";
    public const string NotA = "not-a";
    public const string Log = "log";

    public static readonly TimeSpan ShortLockDuration = TimeSpan.FromMilliseconds(700);
    public static readonly TimeSpan RenewableLockDuration = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan ShortDuplicateWindow = TimeSpan.FromMilliseconds(700);
    public const int MaxDeliveryCount = 3;

    public static MessagingTopology Value { get; } = new(
    [
        new TopicSettings(Commands, [new SubscriptionSettings(All, SubscriptionFilter.All) { MaxDeliveryCount = MaxDeliveryCount }]),
        new TopicSettings(Events,
        [
            new SubscriptionSettings(All, SubscriptionFilter.All) { MaxDeliveryCount = MaxDeliveryCount },
            new SubscriptionSettings(OnlyA, SubscriptionFilter.In("A")),
            new SubscriptionSettings(NotA, SubscriptionFilter.NotIn("A")),
            new SubscriptionSettings(Log, SubscriptionFilter.All),
        ])
        {
            IsEventBus = true,
        },
        new TopicSettings(ShortLocks, [new SubscriptionSettings(All, SubscriptionFilter.All) { LockDuration = ShortLockDuration, MaxDeliveryCount = MaxDeliveryCount }]),
        new TopicSettings(Renewable, [new SubscriptionSettings(All, SubscriptionFilter.All) { LockDuration = RenewableLockDuration }]),
        new TopicSettings(Ordered, [new SubscriptionSettings(All, SubscriptionFilter.All) { RequiresSession = true, MaxDeliveryCount = MaxDeliveryCount }]),
        new TopicSettings(ShortDedupe, [new SubscriptionSettings(All, SubscriptionFilter.All)]) { DuplicateDetectionHistoryTimeWindow = ShortDuplicateWindow },
    ]);

    public static TransportMessage Message(string typeName = "A", string? messageId = null, string body = "{}") => new()
    {
        MessageId = messageId ?? Guid.NewGuid().ToString(),
        TypeName = typeName,
        Body = body,
    };
}
