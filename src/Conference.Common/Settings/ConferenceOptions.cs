using Microsoft.Extensions.Configuration;
using Registration;

namespace Conference.Common.Settings;

/// <summary>
/// The settings, one options class per element of Settings.xml, bound from the configuration section
/// <c>Conference</c>: the attribute <c>&lt;Database Provider="…"/&gt;</c> is the key
/// <c>Conference:Database:Provider</c>, which is also the environment variable
/// <c>Conference__Database__Provider</c>. Defaults here equal the template's, so an element written
/// without some attributes (older files) reads as before. <see cref="ConferenceSettings.From"/> checks
/// every value and every combination.
/// </summary>
public sealed class ConferenceOptions
{
    public const string Section = "Conference";

    public DatabaseOptions Database { get; set; } = new();

    public MessagingOptions Messaging { get; set; } = new();

    public EventSourcingOptions EventSourcing { get; set; } = new();

    public MessageLogOptions MessageLog { get; set; } = new();

    public RegistrationOptions Registration { get; set; } = new();

    public EmailOptions Email { get; set; } = new();
}

/// <summary><c>&lt;Database Provider="Sqlite|Postgres" ConnectionString="…"/&gt;</c>.</summary>
public sealed class DatabaseOptions
{
    public string? Provider { get; set; }

    public string? ConnectionString { get; set; }
}

/// <summary><c>&lt;Messaging Transport="Sql"&gt;&lt;Topics&gt;&lt;Topic …&gt;&lt;Subscription …/&gt;&lt;/Topic&gt;&lt;/Topics&gt;&lt;/Messaging&gt;</c>.</summary>
public sealed class MessagingOptions
{
    public const string SqlTransport = "Sql";

    public string Transport { get; set; } = SqlTransport;

    /// <summary>The <c>Topic</c> elements of <c>Topics</c> (keys <c>Messaging:Topics:Topic:0:Path</c>, …).</summary>
    [ConfigurationKeyName("Topics:Topic")]
    public List<TopicOptions> Topics { get; set; } = [];
}

public sealed class TopicOptions
{
    public string? Path { get; set; }

    public bool IsEventBus { get; set; }

    public TimeSpan DuplicateDetectionHistoryTimeWindow { get; set; } = Infrastructure.Messaging.TopicSettings.DefaultDuplicateDetectionWindow;

    /// <summary>The <c>Subscription</c> elements, keyed by their <c>Name</c> (the XML provider's rule for repeated elements).</summary>
    [ConfigurationKeyName("Subscription")]
    public List<SubscriptionOptions> Subscriptions { get; set; } = [];
}

public sealed class SubscriptionOptions
{
    public string? Name { get; set; }

    /// <summary><c>TypeName IN ('A','B')</c>, <c>TypeName NOT IN (…)</c>, or absent for every message.</summary>
    public string? SqlFilter { get; set; }

    public bool RequiresSession { get; set; }

    public TimeSpan LockDuration { get; set; } = Infrastructure.Messaging.SubscriptionSettings.DefaultLockDuration;

    public int MaxDeliveryCount { get; set; } = Infrastructure.Messaging.SubscriptionSettings.DefaultMaxDeliveryCount;
}

/// <summary><c>&lt;EventSourcing DefaultTopic="…" ScanInterval="…"&gt;&lt;Publish SourceType="…" Topic="…"/&gt;&lt;/EventSourcing&gt;</c>.</summary>
public sealed class EventSourcingOptions
{
    public string DefaultTopic { get; set; } = Subscriptions.EventsTopic;

    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(10);

    public List<PublishOptions> Publish { get; set; } = [];
}

public sealed class PublishOptions
{
    public string? SourceType { get; set; }

    public string? Topic { get; set; }
}

/// <summary><c>&lt;MessageLog Enabled="true"/&gt;</c>: records every message of every topic (its "log" subscriptions).</summary>
public sealed class MessageLogOptions
{
    public bool Enabled { get; set; } = true;
}
