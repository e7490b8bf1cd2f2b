using Infrastructure.Azure.BlobStorage;
using Infrastructure.Azure.EventSourcing;
using Infrastructure.Azure.MessageLog;
using Infrastructure.Azure.Messaging;
using Infrastructure.BlobStorage;
using Infrastructure.EventSourcing;
using Infrastructure.MessageLog;
using Infrastructure.Messaging;
using Infrastructure.Sql.BlobStorage;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.EventSourcing;
using Infrastructure.Sql.MessageLog;
using Infrastructure.Sql.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Conference.Common.Tests;

/// <summary>
/// The processor's composition follows the settings: the SQL profile by default, the Azure profile's
/// transport and stores when the settings name them. The containers are built, never started: nothing connects.
/// </summary>
public sealed class given_the_processor_composition : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("conference-composition").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task when_the_settings_are_the_defaults_then_the_transport_and_every_store_are_the_sql_ones()
    {
        await using var services = Build(new());

        Assert.IsType<SqlMessageTransport>(services.GetRequiredService<IMessageTransport>());
        Assert.IsType<SqlEventStore>(services.GetRequiredService<IEventStore>());
        Assert.IsType<SqlEventStore>(services.GetRequiredService<IUnpublishedEventsQueue>());
        Assert.IsType<SqlMessageLog>(services.GetRequiredService<IMessageLog>());
        Assert.IsType<SqlBlobStorage>(services.GetRequiredService<IBlobStorage>());
        var stores = StoreNames(services);
        Assert.Contains("event store", stores);
        Assert.Contains("message log", stores);
        Assert.Contains("blob storage", stores);

        // Log and transport in the one database: the processor's senders write the log themselves.
        Assert.Equal("log", services.GetRequiredService<SqlMessageLogOnSend>().Subscription);

        // Event store and transport in the one database: a save enqueues its events itself.
        Assert.True(services.GetRequiredService<IEventStore>().PublishesOnSave);
    }

    [Fact]
    public async Task when_the_settings_are_the_azure_profile_then_the_transport_and_those_stores_are_the_azure_ones()
    {
        await using var services = Build(given_the_settings.AzureProfile());

        Assert.IsType<ServiceBusMessageTransport>(services.GetRequiredService<IMessageTransport>());
        Assert.IsType<AzureTableEventStore>(services.GetRequiredService<IEventStore>());
        Assert.IsType<AzureTableEventStore>(services.GetRequiredService<IUnpublishedEventsQueue>());
        Assert.IsType<AzureTableMessageLog>(services.GetRequiredService<IMessageLog>());
        Assert.IsType<AzureBlobStorage>(services.GetRequiredService<IBlobStorage>());
        Assert.Null(services.GetService<SqlMessageLogOnSend>());
        Assert.False(services.GetRequiredService<IEventStore>().PublishesOnSave);

        // Azure stores need no migration; the relational ones (processes, payments, management, read model) still have theirs.
        var stores = StoreNames(services);
        Assert.DoesNotContain("event store", stores);
        Assert.DoesNotContain("message log", stores);
        Assert.DoesNotContain("blob storage", stores);
        Assert.Contains("RegistrationProcessManager process", stores);
        Assert.True(stores.Count >= 4, $"relational stores: {string.Join(", ", stores)}");
    }

    [Fact]
    public async Task when_only_the_storage_is_on_azure_then_the_transport_stays_sql()
    {
        var profile = given_the_settings.AzureProfile()
            .Where(p => !p.Key.StartsWith("Conference:Messaging:", StringComparison.Ordinal))
            .ToDictionary(p => p.Key, p => p.Value);

        await using var services = Build(profile);

        Assert.IsType<SqlMessageTransport>(services.GetRequiredService<IMessageTransport>());
        Assert.IsType<AzureTableEventStore>(services.GetRequiredService<IEventStore>());

        // The log is in Table Storage, not in the transport's database: its subscription's writer logs, not the sender.
        Assert.Null(services.GetService<SqlMessageLogOnSend>());
    }

    /// <summary>The processor's container, built but not started; disposed asynchronously (the Service Bus transport has no Dispose).</summary>
    private ServiceProvider Build(Dictionary<string, string?> configuration)
    {
        configuration["Conference:Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "conference.db")}";
        configuration["Conference:Email:PickupDirectory"] = Path.Combine(folder, "mail");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddConferenceProcessor(given_the_settings.Read(null, configuration));
        return builder.Services.BuildServiceProvider();
    }

    private static List<string> StoreNames(ServiceProvider services) => [.. services.GetServices<SqlStore>().Select(s => s.Name)];
}
