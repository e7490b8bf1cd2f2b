using Microsoft.Extensions.Configuration;
using Registration;
using WaitingList;

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

    public EventStoreOptions EventStore { get; set; } = new();

    public MessageLogOptions MessageLog { get; set; } = new();

    public BlobsOptions Blobs { get; set; } = new();

    public RegistrationOptions Registration { get; set; } = new();

    public EmailOptions Email { get; set; } = new();

    public WaitingListOptions WaitingList { get; set; } = new();
}

/// <summary><c>&lt;Database Provider="Sqlite|Postgres|SqlServer" ConnectionString="…"/&gt;</c> (SqlServer: SQL Server or Azure SQL Database).</summary>
public sealed class DatabaseOptions
{
    public string? Provider { get; set; }

    public string? ConnectionString { get; set; }
}

/// <summary>
/// <c>&lt;Messaging Transport="Sql|AzureServiceBus" …&gt;&lt;Topics&gt;&lt;Topic …&gt;&lt;Subscription …/&gt;&lt;/Topic&gt;&lt;/Topics&gt;&lt;/Messaging&gt;</c>;
/// the other attributes are read with the AzureServiceBus transport only.
/// </summary>
public sealed class MessagingOptions
{
    public const string SqlTransport = "Sql";

    public const string AzureServiceBusTransport = "AzureServiceBus";

    public string Transport { get; set; } = SqlTransport;

    /// <summary>A Service Bus connection string (Endpoint=sb://…): a secret, so only as an environment variable.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The namespace host (contoso.servicebus.windows.net), signed in to with Entra ID instead of a connection string.</summary>
    public string? FullyQualifiedNamespace { get; set; }

    /// <summary>With <see cref="FullyQualifiedNamespace"/>: the client id of a user-assigned managed identity.</summary>
    public string? ManagedIdentityClientId { get; set; }

    public bool CreateTopology { get; set; } = true;

    public string EntityPathPrefix { get; set; } = "";

    public int PrefetchCount { get; set; }

    public TimeSpan MaxAutoLockRenewalDuration { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromSeconds(1);

    public int MaxRetryAttempts { get; set; } = 6;

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

/// <summary>Where the event store lives: the relational database of <c>&lt;Database&gt;</c>, or Azure Table Storage.</summary>
public enum EventStoreKind
{
    Sql,
    AzureTable,
}

/// <summary>Where the message log lives: the relational database, or Azure Table Storage.</summary>
public enum MessageLogKind
{
    Sql,
    AzureTable,
}

/// <summary>Where the blobs live: the relational database, or Azure Blob Storage.</summary>
public enum BlobsKind
{
    Sql,
    AzureBlob,
}

/// <summary>
/// An Azure Storage account, for a store whose kind is not Sql: a connection string (a secret: only as an
/// environment variable), or the service URI signed in to with Entra ID (optionally a user-assigned identity).
/// </summary>
public abstract class StorageAccountOptions
{
    public string? ConnectionString { get; set; }

    public string? ServiceUri { get; set; }

    public string? ManagedIdentityClientId { get; set; }
}

/// <summary><c>&lt;EventStore Kind="Sql|AzureTable" ConnectionString="…" ServiceUri="…" ManagedIdentityClientId="…" TablePrefix="…"/&gt;</c>.</summary>
public sealed class EventStoreOptions : StorageAccountOptions
{
    public EventStoreKind Kind { get; set; } = EventStoreKind.Sql;

    public string TablePrefix { get; set; } = "ConferenceEventStore";
}

/// <summary>
/// <c>&lt;MessageLog Enabled="true" Kind="Sql|AzureTable" ConnectionString="…" ServiceUri="…" TableName="…"/&gt;</c>:
/// records every message of every topic (its "log" subscriptions).
/// </summary>
public sealed class MessageLogOptions : StorageAccountOptions
{
    public bool Enabled { get; set; } = true;

    public MessageLogKind Kind { get; set; } = MessageLogKind.Sql;

    public string TableName { get; set; } = "ConferenceMessageLog";
}

/// <summary><c>&lt;Blobs Kind="Sql|AzureBlob" ConnectionString="…" ServiceUri="…" Container="…"/&gt;</c>: seat-assignment documents and the mailer's markers.</summary>
public sealed class BlobsOptions : StorageAccountOptions
{
    public BlobsKind Kind { get; set; } = BlobsKind.Sql;

    public string Container { get; set; } = "conference-blobs";
}
