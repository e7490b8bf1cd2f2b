using System.Data.Common;
using System.Net.Mail;
using Azure.Identity;
using Infrastructure;
using Infrastructure.Azure.BlobStorage;
using Infrastructure.Azure.EventSourcing;
using Infrastructure.Azure.MessageLog;
using Infrastructure.Azure.Messaging;
using Infrastructure.Azure.Storage;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Infrastructure.Sql.Database;
using Microsoft.Extensions.Configuration;
using Registration;
using WaitingList;

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

    /// <summary>The Azure Service Bus transport (<c>Messaging Transport="AzureServiceBus"</c>); null: the SQL transport in <see cref="Database"/>.</summary>
    public ServiceBusTransportOptions? ServiceBus { get; init; }

    /// <summary>The Table Storage event store (<c>EventStore Kind="AzureTable"</c>); null: the SQL event store in <see cref="Database"/>.</summary>
    public AzureTableEventStoreOptions? AzureTableEventStore { get; init; }

    /// <summary>The Table Storage message log (<c>MessageLog Kind="AzureTable"</c>, when enabled); null: the SQL message log in <see cref="Database"/>.</summary>
    public AzureTableMessageLogOptions? AzureTableMessageLog { get; init; }

    /// <summary>Blob Storage (<c>Blobs Kind="AzureBlob"</c>); null: the blobs in <see cref="Database"/>.</summary>
    public AzureBlobStorageOptions? AzureBlobStorage { get; init; }

    public required EmailOptions Email { get; init; }

    public required RegistrationOptions Registration { get; init; }

    public required WaitingListOptions WaitingList { get; init; }

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
        var serviceBus = ReadServiceBus(options.Messaging);
        var topology = ReadTopology(options.Messaging);
        return new ConferenceSettings
        {
            Database = SqlDatabase.FromSettings(options.Database.Provider, options.Database.ConnectionString, "Database"),
            Topology = topology,
            EventPublishing = ReadEventPublishing(options.EventSourcing, topology),
            MessageLogEnabled = options.MessageLog.Enabled,
            ServiceBus = serviceBus,
            AzureTableEventStore = ReadEventStore(options.EventStore),
            AzureTableMessageLog = options.MessageLog.Enabled ? ReadMessageLog(options.MessageLog) : null,
            AzureBlobStorage = ReadBlobs(options.Blobs),
            Email = CheckEmail(options.Email),
            Registration = CheckRegistration(options.Registration),
            WaitingList = CheckWaitingList(options.WaitingList),
            Source = source,
        };
    }

    /// <summary>A positive countdown, and seats released when it ends or some time after.</summary>
    private static RegistrationOptions CheckRegistration(RegistrationOptions registration)
    {
        if (registration.ReservationWindow <= TimeSpan.Zero)
        {
            throw Invalid("Registration", "ReservationWindow", $"'{registration.ReservationWindow}' is not a positive duration (hh:mm:ss).");
        }

        if (registration.ExpirationBuffer < TimeSpan.Zero)
        {
            throw Invalid("Registration", "ExpirationBuffer", $"'{registration.ExpirationBuffer}' is negative: seats cannot be released before the countdown ends (00:00:00 releases them when it ends).");
        }

        return registration;
    }

    /// <summary>A positive offer window and an absolute http(s) address of the public site.</summary>
    private static WaitingListOptions CheckWaitingList(WaitingListOptions waitingList)
    {
        if (waitingList.OfferWindow <= TimeSpan.Zero)
        {
            throw Invalid("WaitingList", "OfferWindow", $"'{waitingList.OfferWindow}' is not a positive duration (d.hh:mm:ss).");
        }

        if (!Uri.TryCreate(waitingList.PublicSiteUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw Invalid("WaitingList", "PublicSiteUrl", $"'{waitingList.PublicSiteUrl}' is not an absolute http or https address.");
        }

        return waitingList;
    }

    /// <summary>A wrong value of <c>&lt;Element Attribute="…"/&gt;</c>, named as in the file and as its environment variable.</summary>
    internal static InvalidSettingException Invalid(string element, string attribute, string problem) =>
        new($"{element}.{attribute}", $"{ConferenceOptions.Section}__{element}__{attribute}", problem, null);

    /// <summary>The Service Bus options of <c>&lt;Messaging Transport="AzureServiceBus" …/&gt;</c>, or null for the SQL transport.</summary>
    private static ServiceBusTransportOptions? ReadServiceBus(MessagingOptions messaging)
    {
        const string Element = "Messaging";
        var hasConnectionString = !string.IsNullOrWhiteSpace(messaging.ConnectionString);
        var hasNamespace = !string.IsNullOrWhiteSpace(messaging.FullyQualifiedNamespace);
        if (messaging.Transport.Equals(MessagingOptions.SqlTransport, StringComparison.OrdinalIgnoreCase))
        {
            if (hasConnectionString || hasNamespace)
            {
                throw Invalid(Element, hasConnectionString ? "ConnectionString" : "FullyQualifiedNamespace", $"is for Transport {MessagingOptions.AzureServiceBusTransport}; the Sql transport uses Database.ConnectionString.");
            }

            return null;
        }

        if (!messaging.Transport.Equals(MessagingOptions.AzureServiceBusTransport, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(Element, "Transport", $"'{messaging.Transport}' is not one of {MessagingOptions.SqlTransport}, {MessagingOptions.AzureServiceBusTransport}.");
        }

        if (hasConnectionString == hasNamespace)
        {
            throw Invalid(Element, "ConnectionString", hasConnectionString
                ? "give either ConnectionString or FullyQualifiedNamespace (Entra ID), not both."
                : $"is required with Transport {MessagingOptions.AzureServiceBusTransport} (as the variable Conference__Messaging__ConnectionString), or give FullyQualifiedNamespace to sign in with Entra ID.");
        }

        // Never echo the value: it holds a key.
        if (hasConnectionString && !messaging.ConnectionString!.Contains("Endpoint=sb://", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(Element, "ConnectionString", "is not a Service Bus connection string (Endpoint=sb://…;SharedAccessKeyName=…;SharedAccessKey=…).");
        }

        var options = new ServiceBusTransportOptions
        {
            ConnectionString = hasConnectionString ? messaging.ConnectionString : null,
            FullyQualifiedNamespace = hasNamespace ? messaging.FullyQualifiedNamespace : null,
            ManagedIdentityClientId = string.IsNullOrWhiteSpace(messaging.ManagedIdentityClientId) ? null : messaging.ManagedIdentityClientId,
            CreateTopology = messaging.CreateTopology,
            EntityPathPrefix = messaging.EntityPathPrefix ?? "",
            PrefetchCount = messaging.PrefetchCount,
            MaxAutoLockRenewalDuration = messaging.MaxAutoLockRenewalDuration,
            SessionIdleTimeout = messaging.SessionIdleTimeout,
            MaxRetryAttempts = messaging.MaxRetryAttempts,
        };
        try
        {
            options.Validate();
        }
        catch (InvalidSettingException ex)
        {
            // The transport names its options ServiceBus:Attribute; here they are attributes of Messaging.
            var attribute = ex.SettingName?.Split(':')[^1] ?? "Transport";
            throw Invalid(Element, attribute, Problem(ex).Replace(ServiceBusTransportOptions.Section + ":", Element + ".", StringComparison.Ordinal));
        }

        return options;
    }

    private static AzureTableEventStoreOptions? ReadEventStore(EventStoreOptions eventStore)
    {
        if (ReadAccount("EventStore", eventStore, eventStore.Kind == EventStoreKind.AzureTable, nameof(EventStoreKind.AzureTable), "table") is not { } account)
        {
            return null;
        }

        var options = new AzureTableEventStoreOptions { Account = account, TablePrefix = eventStore.TablePrefix };
        return CheckNamed("EventStore", "TablePrefix", options, options.Validate);
    }

    private static AzureTableMessageLogOptions? ReadMessageLog(MessageLogOptions messageLog)
    {
        if (ReadAccount("MessageLog", messageLog, messageLog.Kind == MessageLogKind.AzureTable, nameof(MessageLogKind.AzureTable), "table") is not { } account)
        {
            return null;
        }

        var options = new AzureTableMessageLogOptions { Account = account, TableName = messageLog.TableName };
        return CheckNamed("MessageLog", "TableName", options, options.Validate);
    }

    private static AzureBlobStorageOptions? ReadBlobs(BlobsOptions blobs)
    {
        if (ReadAccount("Blobs", blobs, blobs.Kind == BlobsKind.AzureBlob, nameof(BlobsKind.AzureBlob), "blob") is not { } account)
        {
            return null;
        }

        var options = new AzureBlobStorageOptions { Account = account, ContainerName = blobs.Container };
        return CheckNamed("Blobs", "Container", options, options.Validate);
    }

    /// <summary>
    /// The storage account of <paramref name="element"/> when its kind is Azure (<paramref name="isAzure"/>), else null;
    /// an account given to a Sql store, none or two given to an Azure one, or one that is not a storage account, is refused.
    /// </summary>
    private static AzureStorageAccount? ReadAccount(string element, StorageAccountOptions account, bool isAzure, string azureKind, string service)
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(account.ConnectionString);
        var hasUri = !string.IsNullOrWhiteSpace(account.ServiceUri);
        if (!isAzure)
        {
            if (hasConnectionString || hasUri || !string.IsNullOrWhiteSpace(account.ManagedIdentityClientId))
            {
                var attribute = hasConnectionString ? "ConnectionString" : hasUri ? "ServiceUri" : "ManagedIdentityClientId";
                throw Invalid(element, attribute, $"is for Kind {azureKind}; with Kind Sql the store is in the Database. Set {element}.Kind, or remove it.");
            }

            return null;
        }

        if (hasConnectionString == hasUri)
        {
            throw hasConnectionString
                ? Invalid(element, "ServiceUri", "give either ConnectionString or ServiceUri (Entra ID), not both.")
                : Invalid(element, "ConnectionString", $"is required with Kind {azureKind} (as the variable Conference__{element}__ConnectionString), or give ServiceUri to sign in with Entra ID.");
        }

        if (hasConnectionString)
        {
            if (!IsStorageConnectionString(account.ConnectionString!, service))
            {
                // Never echo the value: it holds a key.
                throw Invalid(element, "ConnectionString", "is not an Azure Storage connection string (DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…, or UseDevelopmentStorage=true).");
            }

            if (!string.IsNullOrWhiteSpace(account.ManagedIdentityClientId))
            {
                throw Invalid(element, "ManagedIdentityClientId", "signs in only with ServiceUri; a connection string carries its own key.");
            }

            return AzureStorageAccount.FromConnectionString(account.ConnectionString!);
        }

        if (!Uri.TryCreate(account.ServiceUri, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw Invalid(element, "ServiceUri", $"'{account.ServiceUri}' is not an absolute http(s) URI, e.g. https://account.{service}.core.windows.net.");
        }

        return new AzureStorageAccount
        {
            ServiceUri = uri,
            Credential = string.IsNullOrWhiteSpace(account.ManagedIdentityClientId)
                ? null
                : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = account.ManagedIdentityClientId }),
        };
    }

    /// <summary>A storage connection string names the emulator, an account, or the service's endpoint; a SQL or Service Bus one does not.</summary>
    private static bool IsStorageConnectionString(string connectionString, string service)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return false;
        }

        return builder.ContainsKey("UseDevelopmentStorage") || builder.ContainsKey("AccountName")
            || builder.ContainsKey(service.Equals("table", StringComparison.Ordinal) ? "TableEndpoint" : "BlobEndpoint");
    }

    /// <summary>Runs the store's own check of its names, reporting a failure as <paramref name="element"/>.<paramref name="attribute"/>.</summary>
    private static T CheckNamed<T>(string element, string attribute, T options, Action validate)
    {
        try
        {
            validate();
            return options;
        }
        catch (InvalidSettingException ex)
        {
            throw Invalid(element, attribute, Problem(ex));
        }
    }

    /// <summary>The problem part of "Setting 'name': problem".</summary>
    private static string Problem(InvalidSettingException ex)
    {
        var prefix = $"Setting '{ex.SettingName}': ";
        return ex.Message.StartsWith(prefix, StringComparison.Ordinal) ? ex.Message[prefix.Length..] : ex.Message;
    }

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
