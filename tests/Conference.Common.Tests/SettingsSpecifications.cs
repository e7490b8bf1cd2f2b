using System.Globalization;
using Conference.Common.Settings;
using Infrastructure;
using Infrastructure.Messaging;
using Infrastructure.Sql.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Conference.Common.Tests;

public sealed class given_the_settings : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("conference-settings").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void when_there_is_no_settings_file_then_the_template_defaults_run_on_embedded_sqlite()
    {
        var settings = Read(null);

        Assert.Equal(SqlProvider.Sqlite, settings.Database.Provider);
        Assert.Contains(".data/conference.db", settings.Database.ConnectionString, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(15), settings.Registration.ReservationWindow);
        Assert.Equal(TimeSpan.FromMinutes(14), settings.Registration.ExpirationBuffer);
        Assert.Equal("conference/eventsOrders", settings.EventPublishing.TopicsBySourceType["Order"]);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.EventPublishing.ScanInterval);
        Assert.Equal(EmailDelivery.Pickup, settings.Email.Delivery);
        Assert.True(settings.MessageLogEnabled);
        Assert.Equal(["conference/commands", "conference/events", "conference/eventsOrders", "conference/eventsAvailability", "conference/eventsWaitingList"], settings.Topology.Topics.Select(t => t.Path));
        Assert.Equal([8, 6, 11, 4, 4], settings.Topology.Topics.Select(t => t.Subscriptions.Count));
        Assert.Equal(TimeSpan.FromHours(24), settings.WaitingList.OfferWindow);
        Assert.Equal("defaults (Settings.Template.xml)", settings.Source);
    }

    [Fact]
    public void when_there_is_no_settings_file_then_every_store_and_the_transport_are_in_the_database()
    {
        var settings = Read(null);

        Assert.Null(settings.ServiceBus);
        Assert.Null(settings.AzureTableEventStore);
        Assert.Null(settings.AzureTableMessageLog);
        Assert.Null(settings.AzureBlobStorage);
    }

    [Fact]
    public void when_the_file_has_the_first_format_then_it_is_the_sql_profile()
    {
        var settings = Read(Path.Combine(AppContext.BaseDirectory, "Settings.FirstFormat.xml"));

        Assert.Null(settings.ServiceBus);
        Assert.Null(settings.AzureTableEventStore);
        Assert.Null(settings.AzureTableMessageLog);
        Assert.Null(settings.AzureBlobStorage);
    }

    [Fact]
    public void when_a_file_of_before_the_azure_profile_sets_its_elements_without_kinds_then_it_is_the_sql_profile()
    {
        var file = Write("""
            <InfrastructureSettings>
              <EventSourcing DefaultTopic="conference/events" ScanInterval="00:00:05" />
              <MessageLog Enabled="true" />
            </InfrastructureSettings>
            """);

        var settings = Read(file);

        Assert.Null(settings.AzureTableEventStore);
        Assert.Null(settings.AzureTableMessageLog);
        Assert.True(settings.MessageLogEnabled);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.EventPublishing.ScanInterval);
    }

    [Fact]
    public void when_the_azure_profile_is_set_through_variables_then_each_store_and_the_transport_carry_their_settings()
    {
        var settings = Read(null, AzureProfile());

        Assert.NotNull(settings.ServiceBus);
        Assert.Equal(ServiceBusConnectionString, settings.ServiceBus.ConnectionString);
        Assert.False(settings.ServiceBus.CreateTopology);
        Assert.Equal(20, settings.ServiceBus.PrefetchCount);
        Assert.Equal(TimeSpan.FromMinutes(2), settings.ServiceBus.MaxAutoLockRenewalDuration);
        Assert.Equal("staging/", settings.ServiceBus.EntityPathPrefix);
        Assert.Equal("UseDevelopmentStorage=true", settings.AzureTableEventStore?.Account.ConnectionString);
        Assert.Equal("ProfileEvents", settings.AzureTableEventStore?.TablePrefix);
        Assert.Equal("ProfileLog", settings.AzureTableMessageLog?.TableName);
        Assert.Equal(new Uri("https://account.blob.core.windows.net"), settings.AzureBlobStorage?.Account.ServiceUri);
        Assert.NotNull(settings.AzureBlobStorage?.Account.Credential);
        Assert.Equal("profile-blobs", settings.AzureBlobStorage?.ContainerName);

        // The relational database still holds the process managers, payments and read models.
        Assert.Equal(SqlProvider.Sqlite, settings.Database.Provider);
    }

    [Fact]
    public void when_service_bus_is_reached_through_its_namespace_then_no_connection_string_is_needed()
    {
        var settings = Read(null, new()
        {
            ["Conference:Messaging:Transport"] = "AzureServiceBus",
            ["Conference:Messaging:FullyQualifiedNamespace"] = "contoso.servicebus.windows.net",
            ["Conference:Messaging:ManagedIdentityClientId"] = "00000000-0000-0000-0000-000000000001",
        });

        Assert.Equal("contoso.servicebus.windows.net", settings.ServiceBus?.FullyQualifiedNamespace);
        Assert.Null(settings.ServiceBus?.ConnectionString);
        Assert.Equal("00000000-0000-0000-0000-000000000001", settings.ServiceBus?.ManagedIdentityClientId);
    }

    [Fact]
    public void when_the_message_log_is_disabled_then_its_azure_kind_needs_no_account()
    {
        var settings = Read(null, new() { ["Conference:MessageLog:Enabled"] = "false", ["Conference:MessageLog:Kind"] = "AzureTable" });

        Assert.False(settings.MessageLogEnabled);
        Assert.Null(settings.AzureTableMessageLog);
    }

    [Theory]
    [InlineData("Messaging.Transport", "Conference:Messaging:Transport=RabbitMq")]
    [InlineData("Messaging.ConnectionString", "Conference:Messaging:Transport=AzureServiceBus")]
    [InlineData("Messaging.ConnectionString", "Conference:Messaging:Transport=AzureServiceBus", "Conference:Messaging:ConnectionString=" + ServiceBusConnectionString, "Conference:Messaging:FullyQualifiedNamespace=contoso.servicebus.windows.net")]
    [InlineData("Messaging.ConnectionString", "Conference:Messaging:Transport=AzureServiceBus", "Conference:Messaging:ConnectionString=Data Source=.data/conference.db")]
    [InlineData("Messaging.ConnectionString", "Conference:Messaging:ConnectionString=" + ServiceBusConnectionString)]
    [InlineData("Messaging.FullyQualifiedNamespace", "Conference:Messaging:FullyQualifiedNamespace=contoso.servicebus.windows.net")]
    [InlineData("Messaging.FullyQualifiedNamespace", "Conference:Messaging:Transport=AzureServiceBus", "Conference:Messaging:FullyQualifiedNamespace=sb://contoso.servicebus.windows.net")]
    [InlineData("Messaging.ManagedIdentityClientId", "Conference:Messaging:Transport=AzureServiceBus", "Conference:Messaging:ConnectionString=" + ServiceBusConnectionString, "Conference:Messaging:ManagedIdentityClientId=abc")]
    [InlineData("Messaging.PrefetchCount", "Conference:Messaging:Transport=AzureServiceBus", "Conference:Messaging:FullyQualifiedNamespace=contoso.servicebus.windows.net", "Conference:Messaging:PrefetchCount=-1")]
    [InlineData("Messaging.PrefetchCount", "Conference:Messaging:PrefetchCount=many")]
    [InlineData("Messaging.SessionIdleTimeout", "Conference:Messaging:Transport=AzureServiceBus", "Conference:Messaging:FullyQualifiedNamespace=contoso.servicebus.windows.net", "Conference:Messaging:SessionIdleTimeout=00:00:00")]
    [InlineData("EventStore.Kind", "Conference:EventStore:Kind=AzureBlob")]
    [InlineData("EventStore.ConnectionString", "Conference:EventStore:Kind=AzureTable")]
    [InlineData("EventStore.ServiceUri", "Conference:EventStore:Kind=AzureTable", "Conference:EventStore:ConnectionString=UseDevelopmentStorage=true", "Conference:EventStore:ServiceUri=https://account.table.core.windows.net")]
    [InlineData("EventStore.ConnectionString", "Conference:EventStore:Kind=AzureTable", "Conference:EventStore:ConnectionString=Data Source=.data/conference.db")]
    [InlineData("EventStore.ConnectionString", "Conference:EventStore:Kind=AzureTable", "Conference:EventStore:ConnectionString=" + ServiceBusConnectionString)]
    [InlineData("EventStore.ServiceUri", "Conference:EventStore:Kind=AzureTable", "Conference:EventStore:ServiceUri=account.table.core.windows.net")]
    [InlineData("EventStore.ServiceUri", "Conference:EventStore:ServiceUri=https://account.table.core.windows.net")]
    [InlineData("EventStore.ManagedIdentityClientId", "Conference:EventStore:Kind=AzureTable", "Conference:EventStore:ConnectionString=UseDevelopmentStorage=true", "Conference:EventStore:ManagedIdentityClientId=abc")]
    [InlineData("EventStore.TablePrefix", "Conference:EventStore:Kind=AzureTable", "Conference:EventStore:ConnectionString=UseDevelopmentStorage=true", "Conference:EventStore:TablePrefix=1events")]
    [InlineData("MessageLog.Kind", "Conference:MessageLog:Kind=AzureBlob")]
    [InlineData("MessageLog.ConnectionString", "Conference:MessageLog:Kind=AzureTable")]
    [InlineData("MessageLog.ConnectionString", "Conference:MessageLog:ConnectionString=UseDevelopmentStorage=true")]
    [InlineData("MessageLog.TableName", "Conference:MessageLog:Kind=AzureTable", "Conference:MessageLog:ConnectionString=UseDevelopmentStorage=true", "Conference:MessageLog:TableName=x")]
    [InlineData("Blobs.Kind", "Conference:Blobs:Kind=AzureTable")]
    [InlineData("Blobs.ConnectionString", "Conference:Blobs:Kind=AzureBlob")]
    [InlineData("Blobs.ConnectionString", "Conference:Blobs:Kind=AzureBlob", "Conference:Blobs:ConnectionString=Host=db;Database=conference")]
    [InlineData("Blobs.Container", "Conference:Blobs:Kind=AzureBlob", "Conference:Blobs:ConnectionString=UseDevelopmentStorage=true", "Conference:Blobs:Container=Seat_Documents")]
    public void when_the_azure_profile_is_incomplete_or_contradictory_then_reading_fails_naming_the_setting(string settingName, params string[] values)
    {
        var configuration = values.Select(v => v.Split('=', 2)).ToDictionary(v => v[0], v => (string?)v[1]);

        var error = Assert.Throws<InvalidSettingException>(() => Read(null, configuration));

        Assert.Equal(settingName, error.SettingName);
        Assert.Contains("Conference__" + settingName.Replace(".", "__", StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void when_a_connection_string_is_refused_then_the_message_does_not_show_it()
    {
        var error = Assert.Throws<InvalidSettingException>(() => Read(null, new()
        {
            ["Conference:EventStore:Kind"] = "AzureTable",
            ["Conference:EventStore:ConnectionString"] = "Server=db;Password=hunter2",
        }));

        Assert.Equal("EventStore.ConnectionString", error.SettingName);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.Contains("not an Azure Storage connection string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void when_the_template_is_copied_as_the_settings_file_then_it_reads_as_the_defaults()
    {
        var file = Path.Combine(folder, ConferenceSettingsFile.FileName);
        using (var template = ConferenceSettingsFile.OpenTemplate())
        using (var copy = File.Create(file))
        {
            template.CopyTo(copy);
        }

        var settings = Read(file);

        Assert.Equal(Describe(Read(null)), Describe(settings));
        Assert.Equal(file, settings.Source);
    }

    [Fact]
    public void when_the_settings_file_has_the_first_format_then_it_reads_as_it_did_with_the_rest_from_the_template()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Settings.FirstFormat.xml");

        var settings = Read(file);

        // Its own topology (it still had the payments view subscription, and no mailer yet) ...
        var events = settings.Topology.GetTopic("conference/events");
        Assert.True(events.IsEventBus);
        Assert.Equal(
            ["Payments.PaymentViewModelGenerator", "Registration.ConferenceViewModelGenerator", "Registration.PricedOrderViewModelGenerator", "Registration.RegistrationPMNextSteps", "log"],
            events.Subscriptions.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(settings.Topology.GetTopic("conference/eventsOrders").Subscriptions, s => s.Name == Subscriptions.OrderConfirmationMailer);
        Assert.Equal(SubscriptionFilter.In("PaymentInitiated", "PaymentCompleted", "PaymentRejected"), settings.Topology.GetSubscription("conference/events", "Payments.PaymentViewModelGenerator").Filter);

        // ... its own publish list (from before the waiting list) ...
        Assert.Equal(["Order", "SeatAssignments", "SeatsAvailability"], settings.EventPublishing.TopicsBySourceType.Keys.Order(StringComparer.Ordinal));

        // ... and everything else as today's defaults: the attributes it lacked, and the elements it did not have.
        static bool OwnList(string line) => line.StartsWith("topic ", StringComparison.Ordinal) || line.StartsWith("publishing ", StringComparison.Ordinal);
        var defaults = Describe(Read(null)).Where(line => !OwnList(line));
        Assert.Equal(defaults, Describe(settings).Where(line => !OwnList(line)));
    }

    [Fact]
    public void when_a_settings_file_sets_some_elements_then_the_rest_come_from_the_template()
    {
        var file = Write("""
            <InfrastructureSettings>
              <Database Provider="Postgres" ConnectionString="Host=db;Database=conference" />
              <Registration ReservationWindow="00:05:00" />
            </InfrastructureSettings>
            """);

        var settings = Read(file);

        Assert.Equal(SqlProvider.Postgres, settings.Database.Provider);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.Registration.ReservationWindow);
        Assert.Equal(5, settings.Topology.Topics.Count);
        Assert.Equal(file, settings.Source);
    }

    [Fact]
    public void when_the_file_declares_one_topic_and_one_publish_element_then_they_are_a_list_of_one()
    {
        var file = Write("""
            <InfrastructureSettings>
              <Messaging><Topics><Topic Path="only/topic" IsEventBus="true"><Subscription Name="only.subscription" LockDuration="00:00:07" /></Topic></Topics></Messaging>
              <EventSourcing DefaultTopic="only/topic"><Publish SourceType="Order" Topic="only/topic" /></EventSourcing>
            </InfrastructureSettings>
            """);

        var settings = Read(file);

        var topic = Assert.Single(settings.Topology.Topics);
        Assert.Equal("only/topic", topic.Path);
        Assert.Equal(TimeSpan.FromSeconds(7), Assert.Single(topic.Subscriptions).LockDuration);
        Assert.Equal("only/topic", Assert.Single(settings.EventPublishing.TopicsBySourceType).Value);
    }

    [Fact]
    public void when_environment_variables_name_attributes_then_they_override_the_file()
    {
        var file = Write("""<InfrastructureSettings><Registration ReservationWindow="00:05:00" /></InfrastructureSettings>""");

        // Conference__Element__Attribute arrives in configuration as Conference:Element:Attribute, in any case.
        var settings = Read(file, new()
        {
            ["Conference:Database:ConnectionString"] = "Data Source=/tmp/other.db",
            ["Conference:registration:reservationWindow"] = "00:00:30",
            ["Conference:Email:SmtpPassword"] = "from-the-environment",
            ["Conference:Messaging:Topics:Topic:0:Subscription:log:LockDuration"] = "00:00:05",
            ["UNRELATED"] = "ignored",
        });

        Assert.Contains("/tmp/other.db", settings.Database.ConnectionString, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Registration.ReservationWindow);
        Assert.Equal("from-the-environment", settings.Email.SmtpPassword);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Topology.GetSubscription("conference/commands", "log").LockDuration);
    }

    [Fact]
    public void when_the_settings_file_variable_names_a_file_then_that_file_is_read()
    {
        var file = Write("""<InfrastructureSettings><Registration ReservationWindow="00:01:00" /></InfrastructureSettings>""");
        var elsewhere = Directory.CreateDirectory(Path.Combine(folder, "elsewhere")).FullName;
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection([KeyValuePair.Create(ConferenceSettingsFile.Variable, (string?)file)]);

        var settings = ConferenceSettings.Read(configuration.AddConferenceSettings(elsewhere));

        Assert.Equal(TimeSpan.FromMinutes(1), settings.Registration.ReservationWindow);
    }

    [Fact]
    public void when_looking_for_the_settings_file_then_the_nearest_one_upwards_is_found()
    {
        var file = Write("""<InfrastructureSettings><Registration ReservationWindow="00:02:00" /></InfrastructureSettings>""");
        var nested = Directory.CreateDirectory(Path.Combine(folder, "a", "b")).FullName;

        var settings = ConferenceSettings.Read(new ConfigurationManager().AddConferenceSettings(nested));

        Assert.Equal(file, settings.Source);
        Assert.Equal(TimeSpan.FromMinutes(2), settings.Registration.ReservationWindow);
    }

    [Theory]
    [InlineData("Conference:Database:Provider", "Oracle", "Database.Provider")]
    [InlineData("Conference:Database:ConnectionString", "", "Database.ConnectionString")]
    [InlineData("Conference:Registration:ReservationWindow", "soon", "Registration.ReservationWindow")]
    [InlineData("Conference:Registration:ReservationWindow", "-00:05:00", "Registration.ReservationWindow")]
    [InlineData("Conference:Registration:ExpirationBuffer", "-00:01:00", "Registration.ExpirationBuffer")]
    [InlineData("Conference:Registration:ExpirationBuffer", "later", "Registration.ExpirationBuffer")]
    [InlineData("Conference:Messaging:Transport", "Carrier pigeon", "Messaging.Transport")]
    [InlineData("Conference:MessageLog:Enabled", "sometimes", "MessageLog.Enabled")]
    [InlineData("Conference:Email:Delivery", "Fax", "Email.Delivery")]
    [InlineData("Conference:Email:Delivery", "7", "Email.Delivery")]
    [InlineData("Conference:Email:Delivery", "Smtp", "Email.SmtpHost")]
    [InlineData("Conference:Email:From", "not an address", "Email.From")]
    [InlineData("Conference:Email:SmtpPort", "0", "Email.SmtpPort")]
    [InlineData("Conference:Email:SmtpPort", "many", "Email.SmtpPort")]
    [InlineData("Conference:EventSourcing:DefaultTopic", "conference/nowhere", "EventSourcing.DefaultTopic")]
    [InlineData("Conference:EventSourcing:ScanInterval", "00:00:00", "EventSourcing.ScanInterval")]
    [InlineData("Conference:Messaging:Topics:Topic:1:Subscription:log:MaxDeliveryCount", "lots", "Messaging.Topics.Topic.1.Subscription.log.MaxDeliveryCount")]
    [InlineData("Conference:Database", "x", "Conference__Database")]
    public void when_a_setting_is_invalid_then_reading_fails_naming_it(string key, string value, string settingName)
    {
        var error = Assert.Throws<InvalidSettingException>(() => Read(null, new() { [key] = value }));

        Assert.Equal(settingName, error.SettingName);
    }

    [Fact]
    public void when_a_value_cannot_be_converted_then_the_message_names_its_environment_variable_and_the_expected_form()
    {
        var error = Assert.Throws<InvalidSettingException>(() => Read(null, new() { ["Conference:Registration:ReservationWindow"] = "soon" }));

        Assert.Equal("Setting 'Registration.ReservationWindow' (Conference__Registration__ReservationWindow): 'soon' is not a duration (hh:mm:ss).", error.Message);
    }

    [Fact]
    public void when_the_settings_file_is_not_xml_then_reading_fails_naming_the_file()
    {
        var file = Write("<InfrastructureSettings><Database");

        var error = Assert.Throws<InvalidSettingException>(() => Read(file));

        Assert.Equal(file, error.SettingName);
    }

    [Fact]
    public void when_the_settings_file_variable_names_a_missing_file_then_reading_fails_naming_the_variable()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection([KeyValuePair.Create(ConferenceSettingsFile.Variable, (string?)Path.Combine(folder, "missing.xml"))]);

        var error = Assert.Throws<InvalidSettingException>(() => configuration.AddConferenceSettings(folder));

        Assert.Equal(ConferenceSettingsFile.Variable, error.SettingName);
    }

    [Fact]
    public void when_a_topic_filter_is_malformed_then_reading_fails_naming_the_subscription()
    {
        var file = Write("""
            <InfrastructureSettings>
              <Messaging><Topics><Topic Path="conference/commands"><Subscription Name="x" SqlFilter="TypeName LIKE 'A%'" /></Topic></Topics></Messaging>
            </InfrastructureSettings>
            """);

        var error = Assert.Throws<InvalidSettingException>(() => Read(file));

        Assert.Contains("Subscription[@Name='x']", error.SettingName, StringComparison.Ordinal);
    }

    [Fact]
    public void when_a_subscription_is_declared_twice_then_reading_fails_naming_it()
    {
        var file = Write("""
            <InfrastructureSettings>
              <Messaging><Topics><Topic Path="conference/commands"><Subscription Name="x" /><Subscription Name="x" /></Topic></Topics></Messaging>
            </InfrastructureSettings>
            """);

        var error = Assert.Throws<InvalidSettingException>(() => Read(file));

        Assert.Equal("Topics/Topic[@Path='conference/commands']/Subscription[@Name='x']", error.SettingName);
    }

    [Fact]
    public async Task when_a_host_starts_with_an_invalid_setting_then_its_options_fail_validation_naming_it()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([KeyValuePair.Create("Conference:Registration:ReservationWindow", (string?)"-00:01:00")]);
        builder.Configuration.AddConferenceSettingsFile(file: null);
        builder.Services.AddConferenceOptions(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Registration.ReservationWindow", error.Message, StringComparison.Ordinal);
        Assert.Contains("Conference__Registration__ReservationWindow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void when_a_host_starts_with_valid_settings_then_its_options_are_those_of_the_file()
    {
        var configuration = new ConfigurationBuilder().AddConferenceSettingsFile(file: null).Build();
        using var services = new ServiceCollection().AddConferenceOptions(configuration).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<ConferenceOptions>>().Value;

        Assert.Equal("Sqlite", options.Database.Provider);
        Assert.Equal(5, options.Messaging.Topics.Count);
        Assert.Equal(4, options.EventSourcing.Publish.Count);
    }

    internal const string ServiceBusConnectionString = "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=c2VjcmV0";

    /// <summary>The Azure profile as an operator sets it: variables over the template.</summary>
    internal static Dictionary<string, string?> AzureProfile() => new()
    {
        ["Conference:Messaging:Transport"] = "AzureServiceBus",
        ["Conference:Messaging:ConnectionString"] = ServiceBusConnectionString,
        ["Conference:Messaging:CreateTopology"] = "false",
        ["Conference:Messaging:PrefetchCount"] = "20",
        ["Conference:Messaging:MaxAutoLockRenewalDuration"] = "00:02:00",
        ["Conference:Messaging:EntityPathPrefix"] = "staging/",
        ["Conference:EventStore:Kind"] = "AzureTable",
        ["Conference:EventStore:ConnectionString"] = "UseDevelopmentStorage=true",
        ["Conference:EventStore:TablePrefix"] = "ProfileEvents",
        ["Conference:MessageLog:Kind"] = "AzureTable",
        ["Conference:MessageLog:ConnectionString"] = "UseDevelopmentStorage=true",
        ["Conference:MessageLog:TableName"] = "ProfileLog",
        ["Conference:Blobs:Kind"] = "AzureBlob",
        ["Conference:Blobs:ServiceUri"] = "https://account.blob.core.windows.net",
        ["Conference:Blobs:ManagedIdentityClientId"] = "00000000-0000-0000-0000-000000000001",
        ["Conference:Blobs:Container"] = "profile-blobs",
    };

    internal static ConferenceSettings Read(string? file, Dictionary<string, string?>? configuration = null) =>
        ConferenceSettings.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(configuration ?? [])
            .AddConferenceSettingsFile(file)
            .Build());

    /// <summary>Everything the settings say, one line per value, to compare two readings.</summary>
    private static List<string> Describe(ConferenceSettings settings)
    {
        var lines = new List<string>
        {
            $"database {settings.Database.Provider} {settings.Database.ConnectionString}",
            $"publishing {settings.EventPublishing.DefaultTopic} {settings.EventPublishing.ScanInterval} {string.Join(',', settings.EventPublishing.TopicsBySourceType.OrderBy(p => p.Key, StringComparer.Ordinal))}",
            $"message log {settings.MessageLogEnabled}",
            $"service bus {settings.ServiceBus}",
            $"table event store {settings.AzureTableEventStore}",
            $"table message log {settings.AzureTableMessageLog}",
            $"blob storage {settings.AzureBlobStorage}",
            $"registration {settings.Registration}",
            $"email {settings.Email}",
            $"waiting list {settings.WaitingList}",
        };
        foreach (var topic in settings.Topology.Topics)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"topic {topic.Path} {topic.IsEventBus} {topic.DuplicateDetectionHistoryTimeWindow}"));
            lines.AddRange(topic.Subscriptions.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s =>
                string.Create(CultureInfo.InvariantCulture, $"topic {topic.Path} subscription {s.Name} {s.Filter.ToSqlExpression()} {s.RequiresSession} {s.LockDuration} {s.MaxDeliveryCount}")));
        }

        return lines;
    }

    private string Write(string xml)
    {
        var path = Path.Combine(folder, ConferenceSettingsFile.FileName);
        File.WriteAllText(path, xml);
        return path;
    }
}
