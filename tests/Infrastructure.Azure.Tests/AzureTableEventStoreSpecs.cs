using Azure.Data.Tables;
using Azure.Identity;
using Infrastructure.Azure.EventSourcing;
using Infrastructure.Azure.Storage;
using Infrastructure.Azure.Tests.Storage;
using Infrastructure.EventSourcing;
using Microsoft.Extensions.DependencyInjection;

namespace Infrastructure.Azure.Tests;

/// <summary>How the Table Storage event store lays out its tables, and the limits of Table Storage it meets.</summary>
public sealed class AzureTableEventStoreSpecs : IAsyncLifetime
{
    private readonly string prefix = Azurite.UniqueTablePrefix("Es");
    private readonly string mapped = Azurite.UniqueTablePrefix("Orders");

    private AzureTableEventStoreOptions Options => new()
    {
        Account = Azurite.Account,
        TablePrefix = prefix,
        TablesBySourceType = new Dictionary<string, string> { ["Order"] = mapped },
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Azurite.DeleteTablesAsync(prefix);
        await Azurite.DeleteTablesAsync(mapped);
    }

    [Fact]
    public async Task when_events_are_saved_then_each_is_a_row_keyed_by_its_ten_digit_version_beside_its_unpublished_copy_in_the_stream_partition()
    {
        var store = new AzureTableEventStore(Options);
        var id = Guid.NewGuid();

        await store.SaveAsync("SeatsAvailability", id, 0, Events("SeatsAvailability", id, 0, 2), default);

        var rows = await RowsAsync(prefix + "SeatsAvailability");
        Assert.All(rows, r => Assert.Equal(id.ToString("D"), r.PartitionKey));
        Assert.Equal(["0000000001", "0000000002", "Unpublished_0000000001", "Unpublished_0000000002"], rows.Select(r => r.RowKey));
        Assert.Equal(["0000000001", "Unpublished_0000000002"], [AzureTableEventStore.RowKey(1), AzureTableEventStore.UnpublishedRowKey(2)]);
    }

    [Fact]
    public async Task given_a_table_map_when_streams_of_two_types_are_saved_then_each_type_has_its_table_and_the_scan_finds_both()
    {
        var store = new AzureTableEventStore(Options);
        var (order, seats) = (Guid.NewGuid(), Guid.NewGuid());

        await store.SaveAsync("Order", order, 0, Events("Order", order, 0, 1), default);
        await store.SaveAsync("SeatsAvailability", seats, 0, Events("SeatsAvailability", seats, 0, 1), default);

        Assert.Single(await RowsAsync(mapped, "0000000001"));
        Assert.Single(await RowsAsync(prefix + "SeatsAvailability", "0000000001"));
        Assert.Empty(await Azurite.TableNamesAsync(prefix + "Order"));

        // A second process with the same settings finds both streams, the mapped table included.
        var pending = await new AzureTableEventStore(Options).GetStreamsWithUnpublishedEventsAsync(default);
        Assert.Equal([("Order", order), ("SeatsAvailability", seats)], pending.OrderBy(s => s.SourceType));
    }

    [Fact]
    public async Task when_a_save_holds_more_events_than_one_transaction_can_write_then_it_is_refused_and_nothing_is_written()
    {
        var store = new AzureTableEventStore(Options);
        var id = Guid.NewGuid();
        await store.SaveAsync("Order", id, 0, Events("Order", id, 0, 1), default);

        var refused = await Assert.ThrowsAsync<EventBatchTooLargeException>(() => store.SaveAsync("Order", id, 1, Events("Order", id, 1, AzureTableEventStore.MaxEventsPerSave + 1), default));

        Assert.Contains($"at most {AzureTableEventStore.MaxEventsPerSave}", refused.Message, StringComparison.Ordinal);
        Assert.Single(await store.LoadAsync("Order", id, 0, default));
        Assert.Single(await store.GetUnpublishedAsync("Order", id, default));
    }

    [Fact]
    public async Task when_a_save_holds_as_many_events_as_one_transaction_can_write_then_they_are_all_saved_and_queued()
    {
        var store = new AzureTableEventStore(Options);
        var id = Guid.NewGuid();
        await store.SaveAsync("Order", id, 0, Events("Order", id, 0, 1), default);

        await store.SaveAsync("Order", id, 1, Events("Order", id, 1, AzureTableEventStore.MaxEventsPerSave), default);

        Assert.Equal(49, AzureTableEventStore.MaxEventsPerSave);
        Assert.Equal(Enumerable.Range(1, 50), (await store.LoadAsync("Order", id, 0, default)).Select(e => e.Version));
        Assert.Equal(50, (await store.GetUnpublishedAsync("Order", id, default)).Count);
    }

    [Fact]
    public async Task when_the_events_of_a_save_and_their_copies_exceed_a_transaction_body_then_it_is_refused_and_nothing_is_written()
    {
        var store = new AzureTableEventStore(Options);
        var id = Guid.NewGuid();

        // Plain ASCII within the count and property limits always fits; text that may be written as
        // \uXXXX escapes (6 bytes a character) does not: 20 events of 30,000 such characters, with their copies.
        var big = Events("Order", id, 0, 20).Select(e => e with { Payload = Payload(30_000, 'é') }).ToList();
        var refused = await Assert.ThrowsAsync<EventBatchTooLargeException>(() => store.SaveAsync("Order", id, 0, big, default));

        Assert.Contains($"of {TableLimits.MaxTransactionBytes} bytes", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await store.LoadAsync("Order", id, 0, default));
        Assert.Empty(await store.GetUnpublishedAsync("Order", id, default));
    }

    [Fact]
    public async Task when_an_event_is_longer_than_a_table_property_holds_then_the_save_is_refused_and_nothing_is_written()
    {
        var store = new AzureTableEventStore(Options);
        var id = Guid.NewGuid();
        var events = Events("Order", id, 0, 2);
        var tooBig = new[] { events[0], events[1] with { Payload = Payload(TableLimits.MaxStringPropertyLength + 1) } };

        var refused = await Assert.ThrowsAsync<TablePropertyTooLargeException>(() => store.SaveAsync("Order", id, 0, tooBig, default));

        Assert.Contains("version 2", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await store.LoadAsync("Order", id, 0, default));
        Assert.Empty(await store.GetUnpublishedAsync("Order", id, default));
    }

    [Fact]
    public async Task when_an_event_is_as_long_as_a_table_property_holds_then_it_is_saved_and_loads_back_whole()
    {
        var store = new AzureTableEventStore(Options);
        var id = Guid.NewGuid();
        var big = Events("Order", id, 0, 1)[0] with { Payload = Payload(TableLimits.MaxStringPropertyLength) };

        await store.SaveAsync("Order", id, 0, [big], default);

        Assert.Equal(big, Assert.Single(await store.LoadAsync("Order", id, 0, default)));
    }

    [Fact]
    public void when_the_options_do_not_say_how_to_connect_or_name_a_bad_table_then_composition_fails_naming_the_setting()
    {
        var services = new ServiceCollection();
        var uri = new Uri("https://account.table.core.windows.net");

        var neither = Assert.Throws<InvalidSettingException>(() => services.AddAzureTableEventStore(new AzureTableEventStoreOptions { Account = new AzureStorageAccount() }));
        var both = Assert.Throws<InvalidSettingException>(() => services.AddAzureTableEventStore(new AzureTableEventStoreOptions { Account = new AzureStorageAccount { ConnectionString = Azurite.ConnectionString, ServiceUri = uri } }));
        var badTable = Assert.Throws<InvalidSettingException>(() => services.AddAzureTableEventStore(Options with { TablesBySourceType = new Dictionary<string, string> { ["Order"] = "event-store" } }));
        var badPrefix = Assert.Throws<InvalidSettingException>(() => services.AddAzureTableEventStore(Options with { TablePrefix = "1Events" }));

        Assert.Equal("event store account", neither.SettingName);
        Assert.Contains("either a connection string or a service URI", both.Message, StringComparison.Ordinal);
        Assert.Equal("event store table for Order", badTable.SettingName);
        Assert.Equal("event store table prefix", badPrefix.SettingName);
        Assert.Empty(services);
    }

    [Fact]
    public void given_a_service_uri_and_a_credential_when_the_store_is_composed_then_one_instance_is_the_store_and_its_queue()
    {
        var account = new AzureStorageAccount { ServiceUri = new Uri("https://account.table.core.windows.net"), Credential = new DefaultAzureCredential() };
        using var provider = new ServiceCollection().AddAzureTableEventStore(new AzureTableEventStoreOptions { Account = account }).BuildServiceProvider();

        var store = provider.GetRequiredService<IEventStore>();

        Assert.IsType<AzureTableEventStore>(store);
        Assert.Same(store, provider.GetRequiredService<IUnpublishedEventsQueue>());
    }

    private static async Task<List<TableEntity>> RowsAsync(string table, string? rowKey = null)
    {
        var rows = new List<TableEntity>();
        var filter = rowKey is null ? null : TableClient.CreateQueryFilter($"RowKey eq {rowKey}");
        await foreach (var row in Azurite.Tables.GetTableClient(table).QueryAsync<TableEntity>(filter))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static string Payload(int length, char fill = 'x')
    {
        const string head = "{\"note\":\"", tail = "\"}";
        return head + new string(fill, length - head.Length - tail.Length) + tail;
    }

    private static List<StoredEvent> Events(string sourceType, Guid id, int afterVersion, int count) =>
        [.. Enumerable.Range(afterVersion + 1, count).Select(v => new StoredEvent(
            sourceType, id, v, "Deposited", $$"""{"version":{{v}}}""", "cmd-1", DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())))];
}
