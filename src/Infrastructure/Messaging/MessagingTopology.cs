using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Infrastructure.Messaging;

/// <summary>Topics and their filtered subscriptions, as declared in settings; created at start-up where missing.</summary>
public sealed partial record MessagingTopology(IReadOnlyList<TopicSettings> Topics)
{
    public TopicSettings GetTopic(string path) =>
        Topics.FirstOrDefault(t => t.Path == path)
        ?? throw new MessagingEntityNotFoundException($"Topic '{path}' is not in the messaging topology.");

    public SubscriptionSettings GetSubscription(string topic, string subscription) =>
        GetTopic(topic).Subscriptions.FirstOrDefault(s => s.Name == subscription)
        ?? throw new MessagingEntityNotFoundException($"Subscription '{subscription}' of topic '{topic}' is not in the messaging topology.");

    /// <summary>
    /// Reads the <c>Topics</c> element of Settings.xml:
    /// <c>&lt;Topic Path="…" DuplicateDetectionHistoryTimeWindow="00:30:00"&gt;&lt;Subscription Name="…" SqlFilter="TypeName IN ('A','B')"/&gt;&lt;/Topic&gt;</c>.
    /// </summary>
    public static MessagingTopology FromXml(XElement topicsElement)
    {
        ArgumentNullException.ThrowIfNull(topicsElement);
        var topics = new List<TopicSettings>();
        foreach (var topic in topicsElement.Elements().Where(e => e.Name.LocalName == "Topic"))
        {
            var path = RequiredAttribute(topic, "Path", "Topics/Topic");
            var setting = $"Topics/Topic[@Path='{path}']";
            var subscriptions = topic.Elements().Where(e => e.Name.LocalName == "Subscription").Select(s =>
            {
                var name = RequiredAttribute(s, "Name", setting + "/Subscription");
                var subscriptionSetting = $"{setting}/Subscription[@Name='{name}']";
                return new SubscriptionSettings(name, SubscriptionFilter.Parse((string?)s.Attribute("SqlFilter"), subscriptionSetting + "/@SqlFilter"))
                {
                    RequiresSession = ParseOptional(s, "RequiresSession", subscriptionSetting, bool.Parse, false),
                    LockDuration = ParseOptional(s, "LockDuration", subscriptionSetting, ParseTimeSpan, SubscriptionSettings.DefaultLockDuration),
                    MaxDeliveryCount = ParseOptional(s, "MaxDeliveryCount", subscriptionSetting, v => int.Parse(v, CultureInfo.InvariantCulture), SubscriptionSettings.DefaultMaxDeliveryCount),
                };
            }).ToList();
            topics.Add(new TopicSettings(path, subscriptions)
            {
                IsEventBus = ParseOptional(topic, "IsEventBus", setting, bool.Parse, false),
                DuplicateDetectionHistoryTimeWindow = ParseOptional(topic, "DuplicateDetectionHistoryTimeWindow", setting, ParseTimeSpan, TopicSettings.DefaultDuplicateDetectionWindow),
            });
        }

        var result = new MessagingTopology(topics);
        result.Validate();
        return result;
    }

    /// <summary>Throws <see cref="InvalidSettingException"/> naming the first setting that is wrong.</summary>
    public void Validate()
    {
        foreach (var duplicate in Topics.GroupBy(t => t.Path).Where(g => g.Count() > 1))
        {
            throw new InvalidSettingException($"Topics/Topic[@Path='{duplicate.Key}']", "the topic is declared more than once.");
        }

        foreach (var topic in Topics)
        {
            var setting = $"Topics/Topic[@Path='{topic.Path}']";
            if (!TopicPath().IsMatch(topic.Path))
            {
                throw new InvalidSettingException(setting + "/@Path", "use letters, digits, '.', '-', '_' and '/' only.");
            }

            if (topic.DuplicateDetectionHistoryTimeWindow <= TimeSpan.Zero)
            {
                throw new InvalidSettingException(setting + "/@DuplicateDetectionHistoryTimeWindow", "must be a positive duration.");
            }

            foreach (var duplicate in topic.Subscriptions.GroupBy(s => s.Name).Where(g => g.Count() > 1))
            {
                throw new InvalidSettingException($"{setting}/Subscription[@Name='{duplicate.Key}']", "the subscription is declared more than once.");
            }

            foreach (var subscription in topic.Subscriptions)
            {
                var subscriptionSetting = $"{setting}/Subscription[@Name='{subscription.Name}']";
                if (!SubscriptionName().IsMatch(subscription.Name))
                {
                    throw new InvalidSettingException(subscriptionSetting + "/@Name", "use letters, digits, '.', '-' and '_' only (at most 50).");
                }

                if (subscription.LockDuration <= TimeSpan.Zero)
                {
                    throw new InvalidSettingException(subscriptionSetting + "/@LockDuration", "must be a positive duration.");
                }

                if (subscription.MaxDeliveryCount < 1)
                {
                    throw new InvalidSettingException(subscriptionSetting + "/@MaxDeliveryCount", "must be at least 1.");
                }
            }
        }
    }

    private static string RequiredAttribute(XElement element, string name, string setting) =>
        (string?)element.Attribute(name) is { Length: > 0 } value
            ? value
            : throw new InvalidSettingException($"{setting}/@{name}", "is required.");

    private static T ParseOptional<T>(XElement element, string attribute, string setting, Func<string, T> parse, T fallback)
    {
        var value = (string?)element.Attribute(attribute);
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        try
        {
            return parse(value);
        }
        catch (FormatException)
        {
            throw new InvalidSettingException($"{setting}/@{attribute}", $"'{value}' is not a valid {typeof(T).Name}.");
        }
        catch (OverflowException)
        {
            throw new InvalidSettingException($"{setting}/@{attribute}", $"'{value}' is out of range.");
        }
    }

    private static TimeSpan ParseTimeSpan(string value) => TimeSpan.Parse(value, CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9._/-]{1,260}$")]
    private static partial Regex TopicPath();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,50}$")]
    private static partial Regex SubscriptionName();
}

public sealed record TopicSettings(string Path, IReadOnlyList<SubscriptionSettings> Subscriptions)
{
    public static readonly TimeSpan DefaultDuplicateDetectionWindow = TimeSpan.FromMinutes(30);

    /// <summary>Marks topics that carry events (the rest carry commands).</summary>
    public bool IsEventBus { get; init; }

    public TimeSpan DuplicateDetectionHistoryTimeWindow { get; init; } = DefaultDuplicateDetectionWindow;
}

public sealed record SubscriptionSettings(string Name, SubscriptionFilter Filter)
{
    public static readonly TimeSpan DefaultLockDuration = TimeSpan.FromSeconds(30);
    public const int DefaultMaxDeliveryCount = 10;

    /// <summary>
    /// Ordered partitions (Service Bus sessions in the original): messages with the same partition key are
    /// handed out one at a time, in enqueue order, by a transport that has ordering switched on. No consumer relies on it.
    /// </summary>
    public bool RequiresSession { get; init; }

    public TimeSpan LockDuration { get; init; } = DefaultLockDuration;

    public int MaxDeliveryCount { get; init; } = DefaultMaxDeliveryCount;
}
