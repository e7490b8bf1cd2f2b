using Azure.Data.Tables;
using Infrastructure.Azure.MessageLog;
using Infrastructure.Azure.Storage;
using Infrastructure.Azure.Tests.Storage;
using Infrastructure.MessageLog;
using Microsoft.Extensions.DependencyInjection;

namespace Infrastructure.Azure.Tests;

/// <summary>How the Table Storage message log keys its entries so a scan reads them in order, and how it logs each message once.</summary>
public sealed class AzureTableMessageLogSpecs : IAsyncLifetime
{
    private static readonly DateTimeOffset Enqueued = new(2026, 3, 14, 9, 26, 53, 589, TimeSpan.FromHours(2));
    private readonly string table = Azurite.UniqueTablePrefix("Log");

    private AzureTableMessageLogOptions Options => new() { Account = Azurite.Account, TableName = table };

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Azurite.DeleteTablesAsync(table);

    [Fact]
    public async Task when_an_entry_is_saved_then_it_is_keyed_by_the_utc_month_and_the_enqueued_ticks()
    {
        await new AzureTableMessageLog(Options).SaveAsync(Entry("m-1"), default);

        var row = Assert.Single(await RowsAsync(table));
        Assert.Equal("202603", row.PartitionKey);
        Assert.StartsWith($"{Enqueued.UtcTicks:D19}_", row.RowKey, StringComparison.Ordinal);
        Assert.Equal((row.PartitionKey, row.RowKey), AzureTableMessageLog.EntryKeys(Enqueued, "conference/events", "m-1"));
    }

    [Fact]
    public async Task given_a_save_that_died_after_claiming_the_message_when_the_message_is_delivered_again_then_it_is_logged_once_at_the_claimed_position()
    {
        // The first delivery claimed the message and died before writing its entry.
        var (partitionKey, rowKey) = AzureTableMessageLog.EntryKeys(Enqueued, "conference/events", "m-1");
        var (claimPartition, claimRow) = AzureTableMessageLog.ClaimKeys("conference/events", "m-1");
        var log = new AzureTableMessageLog(Options);
        await log.SaveAsync(Entry("m-0") with { EnqueuedTime = Enqueued.AddMinutes(-1) }, default);
        await Azurite.Tables.GetTableClient(table + AzureTableMessageLog.IdsTableSuffix).AddEntityAsync(new TableEntity(claimPartition, claimRow)
        {
            [AzureTableMessageLog.ClaimedPartitionKey] = partitionKey,
            [AzureTableMessageLog.ClaimedRowKey] = rowKey,
            [nameof(MessageLogEntry.EnqueuedTime)] = Enqueued,
        });
        await log.SaveAsync(Entry("m-2") with { EnqueuedTime = Enqueued.AddMinutes(1) }, default);

        await log.SaveAsync(Entry("m-1") with { EnqueuedTime = Enqueued.AddMinutes(5) }, default);
        await log.SaveAsync(Entry("m-1") with { EnqueuedTime = Enqueued.AddMinutes(6) }, default);

        var entries = await ReadAsync(log);
        Assert.Equal(["m-0", "m-1", "m-2"], entries.Select(e => e.MessageId));
        Assert.Equal(Enqueued, entries[1].EnqueuedTime);
    }

    [Fact]
    public async Task when_a_payload_is_longer_than_a_table_property_holds_then_the_save_is_refused_and_nothing_is_logged()
    {
        var log = new AzureTableMessageLog(Options);

        await Assert.ThrowsAsync<TablePropertyTooLargeException>(() => log.SaveAsync(Entry("m-1") with { Payload = new string('x', TableLimits.MaxStringPropertyLength + 1) }, default));

        Assert.Empty(await ReadAsync(log));
        Assert.Empty(await RowsAsync(table + AzureTableMessageLog.IdsTableSuffix));

        // Nothing was claimed either: a smaller copy of the message is still logged.
        await log.SaveAsync(Entry("m-1"), default);
        Assert.Single(await ReadAsync(log));
    }

    [Fact]
    public void when_the_options_name_a_bad_table_or_no_account_then_composition_fails_naming_the_setting()
    {
        var services = new ServiceCollection();

        var badTable = Assert.Throws<InvalidSettingException>(() => services.AddAzureTableMessageLog(Options with { TableName = "message-log" }));
        var noAccount = Assert.Throws<InvalidSettingException>(() => services.AddAzureTableMessageLog(new AzureTableMessageLogOptions { Account = new AzureStorageAccount() }));

        Assert.Equal("message log table", badTable.SettingName);
        Assert.Equal("message log account", noAccount.SettingName);
        Assert.Empty(services);
    }

    [Fact]
    public async Task when_the_log_is_composed_then_it_logs_to_its_table()
    {
        using var provider = new ServiceCollection().AddAzureTableMessageLog(Options).BuildServiceProvider();

        await provider.GetRequiredService<IMessageLog>().SaveAsync(Entry("m-1"), default);

        Assert.Single(await RowsAsync(table));
    }

    private static MessageLogEntry Entry(string messageId) => new()
    {
        MessageId = messageId,
        Topic = "conference/events",
        Kind = "Event",
        TypeName = "OrderPlaced",
        SourceId = "order-1",
        Version = 1,
        EnqueuedTime = Enqueued,
        Payload = "{}",
    };

    private static async Task<List<MessageLogEntry>> ReadAsync(IMessageLog log)
    {
        var entries = new List<MessageLogEntry>();
        await foreach (var entry in log.ReadAsync(new MessageLogQuery(), default))
        {
            entries.Add(entry);
        }

        return entries;
    }

    private static async Task<List<TableEntity>> RowsAsync(string name)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Azurite.Tables.GetTableClient(name).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }
}
