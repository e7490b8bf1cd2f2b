using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Conference.Common;
using Infrastructure.Azure.BlobStorage;
using Infrastructure.Azure.EventSourcing;
using Infrastructure.Azure.MessageLog;
using Infrastructure.BlobStorage;
using Infrastructure.EventSourcing;
using Infrastructure.MessageLog;
using Infrastructure.Sql.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Registration.Contracts.Events;

namespace Conference.Processor.Tests;

/// <summary>
/// The processor's real composition in the Azure profile's storage on Azurite (CONFERENCE_TEST_AZURITE, which
/// ./test.sh starts): the event store and the message log in Table Storage, the blobs in Blob Storage; the
/// SQL transport and relational stores on SQLite, as there is no Service Bus emulator here.
/// </summary>
public sealed class given_the_azure_storage_profile_on_azurite : IAsyncLifetime
{
    private const string AzuriteVariable = "CONFERENCE_TEST_AZURITE";

    private readonly string mail = Directory.CreateTempSubdirectory("conference-mail").FullName;
    private readonly string suffix = Guid.NewGuid().ToString("N")[..16];
    private string azurite = null!;
    private ITestDatabase database = null!;
    private IHost host = null!;
    private ConferenceJourney journey = null!;

    private string EventTablePrefix => "E2EEvents" + suffix;

    private string MessageLogTable => "E2ELog" + suffix;

    private string Container => "e2e-" + suffix;

    public async Task InitializeAsync()
    {
        azurite = Environment.GetEnvironmentVariable(AzuriteVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{AzuriteVariable} is not set: run the tests with ./test.sh, which starts Azurite, or set it to a storage connection string.");
        database = await SqliteTestDatabase.CreateAsync();
        var environment = TestSettings.EnvironmentFor(database.Database, mail);
        environment["Conference__EventStore__Kind"] = "AzureTable";
        environment["Conference__EventStore__ConnectionString"] = azurite;
        environment["Conference__EventStore__TablePrefix"] = EventTablePrefix;
        environment["Conference__MessageLog__Kind"] = "AzureTable";
        environment["Conference__MessageLog__ConnectionString"] = azurite;
        environment["Conference__MessageLog__TableName"] = MessageLogTable;
        environment["Conference__Blobs__Kind"] = "AzureBlob";
        environment["Conference__Blobs__ConnectionString"] = azurite;
        environment["Conference__Blobs__Container"] = Container;

        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddConferenceProcessor(TestSettings.Read(environment));
        host = builder.Build();
        await host.StartAsync();
        journey = new ConferenceJourney(host.Services, TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        await database.DisposeAsync();
        Directory.Delete(mail, recursive: true);
        var tables = new TableServiceClient(azurite);
        await foreach (var table in tables.QueryAsync())
        {
            if (table.Name.EndsWith(suffix, StringComparison.Ordinal) || table.Name.EndsWith(suffix + "Ids", StringComparison.Ordinal) || table.Name.StartsWith(EventTablePrefix, StringComparison.Ordinal))
            {
                await tables.DeleteTableAsync(table.Name);
            }
        }

        await new BlobServiceClient(azurite).GetBlobContainerClient(Container).DeleteIfExistsAsync();
    }

    [Fact]
    public async Task when_an_order_is_placed_paid_and_assigned_then_its_events_messages_and_documents_are_in_azure_storage()
    {
        Assert.IsType<AzureTableEventStore>(host.Services.GetRequiredService<IEventStore>());
        Assert.IsType<AzureTableMessageLog>(host.Services.GetRequiredService<IMessageLog>());
        Assert.IsType<AzureBlobStorage>(host.Services.GetRequiredService<IBlobStorage>());

        await journey.CreateAndPublishConferenceAsync(quota: 10);
        await journey.WaitForSeatTypesAsync(s => s.Count == 2 && s.All(t => t.AvailableQuantity == 10), "seat types with availability in the registration read model");

        // Placed, reserved, priced, paid, confirmed, and a seat assigned (its document is a blob).
        var orderId = await journey.RegisterAndPayAsync("tina@example.com");

        // The order's stream is a partition of the Order table of the event store.
        var orders = new TableClient(azurite, EventTablePrefix + "Order");
        var rows = new List<TableEntity>();
        await foreach (var row in orders.QueryAsync<TableEntity>(e => e.PartitionKey == orderId.ToString("D")))
        {
            rows.Add(row);
        }

        Assert.Contains(rows, r => r.RowKey == AzureTableEventStore.RowKey(1));
        Assert.Equal(1, ConferenceJourney.CountOf<OrderConfirmed>(await journey.EventsAsync("Order", orderId)));
        Assert.Equal(1, ConferenceJourney.CountOf<SeatsReservationCommitted>(await journey.EventsAsync("SeatsAvailability", journey.ConferenceId)));

        // The log subscriptions wrote the order's events and the commands about it to the table message log.
        var log = host.Services.GetRequiredService<IMessageLog>();
        var logged = await journey.WaitForAsync(
            async () =>
            {
                var entries = new List<MessageLogEntry>();
                await foreach (var entry in log.ReadAsync(new MessageLogQuery(), default))
                {
                    entries.Add(entry);
                }

                return entries;
            },
            entries => entries.Any(e => e.TypeName == nameof(OrderConfirmed) && e.SourceId == orderId.ToString())
                && entries.Any(e => e.TypeName == "RegisterToConference"),
            "the order's events and commands in the message log");
        Assert.Contains(logged, e => e.Kind == "Event" && e.TypeName == nameof(OrderPlaced));
        var logRows = 0;
        await foreach (var row in new TableClient(azurite, MessageLogTable).QueryAsync<TableEntity>())
        {
            logRows++;
        }

        Assert.True(logRows >= logged.Count, $"{logRows} rows in the message log table for {logged.Count} entries read");

        // The seat assignments' document is in the blob container.
        var blobs = new List<string>();
        await foreach (var blob in new BlobServiceClient(azurite).GetBlobContainerClient(Container).GetBlobsAsync())
        {
            blobs.Add(blob.Name);
        }

        Assert.NotEmpty(blobs);
    }
}
