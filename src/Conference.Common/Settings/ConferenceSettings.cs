using System.Net.Mail;
using Infrastructure;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Infrastructure.Sql.Database;
using Microsoft.Extensions.Configuration;
using Registration;

namespace Conference.Common.Settings;

/// <summary>
/// The checked settings the composition is built from: <see cref="ConferenceOptions"/> turned into the
/// database, topology and publishing they describe. Every check of a value, and of values against one
/// another, is in <see cref="From"/>; a new kind of store or transport adds its options and its case there.
/// </summary>
public sealed record ConferenceSettings
{
    public required SqlDatabase Database { get; init; }

    public required MessagingTopology Topology { get; init; }

    public required EventStoreBusPublisherOptions EventPublishing { get; init; }

    /// <summary>Records every message of every topic in the message log (its "log" subscriptions).</summary>
    public bool MessageLogEnabled { get; init; } = true;

    public required EmailOptions Email { get; init; }

    public required RegistrationOptions Registration { get; init; }

    /// <summary>Where the settings came from, for the start-up log line.</summary>
    public required string Source { get; init; }

    /// <summary>Binds and checks the <c>Conference</c> section; throws <see cref="InvalidSettingException"/> naming the first wrong setting.</summary>
    public static ConferenceSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return From(ConferenceOptionsBinding.Bind(configuration), ConferenceSettingsFile.Describe(configuration));
    }

    /// <summary>Checks <paramref name="options"/>; throws <see cref="InvalidSettingException"/> naming the first wrong setting.</summary>
    public static ConferenceSettings From(ConferenceOptions options, string source)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Messaging.Transport.Equals(MessagingOptions.SqlTransport, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid("Messaging", "Transport", $"'{options.Messaging.Transport}' is not supported here; use Sql.");
        }

        var topology = ReadTopology(options.Messaging);
        return new ConferenceSettings
        {
            Database = SqlDatabase.FromSettings(options.Database.Provider, options.Database.ConnectionString, "Database"),
            Topology = topology,
            EventPublishing = ReadEventPublishing(options.EventSourcing, topology),
            MessageLogEnabled = options.MessageLog.Enabled,
            Email = CheckEmail(options.Email),
            Registration = options.Registration.ReservationWindow > TimeSpan.Zero
                ? options.Registration
                : throw Invalid("Registration", "ReservationWindow", $"'{options.Registration.ReservationWindow}' is not a positive duration (hh:mm:ss)."),
            Source = source,
        };
    }

    /// <summary>A wrong value of <c>&lt;Element Attribute="…"/&gt;</c>, named as in the file and as its environment variable.</summary>
    internal static InvalidSettingException Invalid(string element, string attribute, string problem) =>
        new($"{element}.{attribute}", $"{ConferenceOptions.Section}__{element}__{attribute}", problem, null);

    private static MessagingTopology ReadTopology(MessagingOptions messaging)
    {
        if (messaging.Topics.Count == 0)
        {
            throw new InvalidSettingException("Messaging.Topics", "is missing: declare at least one Topic.");
        }

        var topology = new MessagingTopology([.. messaging.Topics.Select(topic =>
        {
            var path = topic.Path is { Length: > 0 } p ? p : throw new InvalidSettingException("Topics/Topic/@Path", "is required.");
            var setting = $"Topics/Topic[@Path='{path}']";
            return new TopicSettings(path, [.. topic.Subscriptions.Select(subscription =>
            {
                var name = subscription.Name is { Length: > 0 } n ? n : throw new InvalidSettingException(setting + "/Subscription/@Name", "is required.");
                return new SubscriptionSettings(name, SubscriptionFilter.Parse(subscription.SqlFilter, $"{setting}/Subscription[@Name='{name}']/@SqlFilter"))
                {
                    RequiresSession = subscription.RequiresSession,
                    LockDuration = subscription.LockDuration,
                    MaxDeliveryCount = subscription.MaxDeliveryCount,
                };
            })])
            {
                IsEventBus = topic.IsEventBus,
                DuplicateDetectionHistoryTimeWindow = topic.DuplicateDetectionHistoryTimeWindow,
            };
        })]);
        topology.Validate();
        return topology;
    }

    private static EventStoreBusPublisherOptions ReadEventPublishing(EventSourcingOptions eventSourcing, MessagingTopology topology)
    {
        RequireTopic(topology, eventSourcing.DefaultTopic, "EventSourcing.DefaultTopic");
        var topics = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var publish in eventSourcing.Publish)
        {
            var name = $"EventSourcing.Publish[@SourceType='{publish.SourceType}']";
            if (string.IsNullOrWhiteSpace(publish.SourceType) || string.IsNullOrWhiteSpace(publish.Topic))
            {
                throw new InvalidSettingException(name, "needs both SourceType and Topic.");
            }

            RequireTopic(topology, publish.Topic, name + ".Topic");
            topics[publish.SourceType] = publish.Topic;
        }

        return new EventStoreBusPublisherOptions
        {
            DefaultTopic = eventSourcing.DefaultTopic,
            TopicsBySourceType = topics,
            ScanInterval = eventSourcing.ScanInterval > TimeSpan.Zero
                ? eventSourcing.ScanInterval
                : throw Invalid("EventSourcing", "ScanInterval", $"'{eventSourcing.ScanInterval}' is not a positive duration (hh:mm:ss)."),
        };
    }

    private static void RequireTopic(MessagingTopology topology, string topic, string settingName)
    {
        if (!topology.Topics.Any(t => t.Path == topic))
        {
            throw new InvalidSettingException(settingName, $"names topic '{topic}', which Messaging.Topics does not define.");
        }
    }

    private static EmailOptions CheckEmail(EmailOptions email)
    {
        if (!Enum.IsDefined(email.Delivery))
        {
            throw Invalid("Email", "Delivery", $"'{email.Delivery}' is not one of {string.Join(", ", Enum.GetNames<EmailDelivery>())}.");
        }

        if (!MailAddress.TryCreate(email.From, out _))
        {
            throw Invalid("Email", "From", $"'{email.From}' is not an email address.");
        }

        if (email.SmtpPort is < 1 or > 65535)
        {
            throw Invalid("Email", "SmtpPort", $"'{email.SmtpPort}' is not a port number (1-65535).");
        }

        if (email.Delivery == EmailDelivery.Smtp && string.IsNullOrWhiteSpace(email.SmtpHost))
        {
            throw Invalid("Email", "SmtpHost", "is required when Email.Delivery is Smtp.");
        }

        return email;
    }
}
