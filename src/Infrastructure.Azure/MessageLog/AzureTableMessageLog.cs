using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Infrastructure.Azure.Storage;
using Infrastructure.MessageLog;

namespace Infrastructure.Azure.MessageLog;

/// <summary>
/// The message log in Table Storage, in two tables.
/// <para>Entries: partition key the UTC month of the enqueued time (<c>yyyyMM</c>), row key the enqueued
/// time in ticks (19 digits) and a hash of topic and message id. The service returns a query's rows by
/// partition then row key, so a scan reads the log in enqueued-time order without sorting, and a month
/// keeps partitions from growing without end.</para>
/// <para>Ids (<c>{TableName}Ids</c>): one row per (topic, message id), keyed by their hash, holding the
/// entry's keys. A message is claimed there first by a conditional insert; a redelivered copy (with a
/// later enqueued time) finds the claim and writes nothing new, and a save that died between claim and
/// entry is completed by the redelivery at the claimed position.</para>
/// <para>Payloads over <see cref="TableLimits.MaxStringPropertyLength"/> characters are refused with
/// <see cref="TablePropertyTooLargeException"/> before anything is written.</para>
/// </summary>
public sealed class AzureTableMessageLog : IMessageLog
{
    public const string IdsTableSuffix = "Ids";

    /// <summary>A claim's properties holding the keys of its entry.</summary>
    public const string ClaimedPartitionKey = "EntryPartitionKey", ClaimedRowKey = "EntryRowKey";

    // A filter holds at most 15 comparisons: longer type lists are applied here rather than by the service.
    private const int MaxTypeNamesInFilter = 10;

    private readonly TableClient entries;
    private readonly TableClient ids;
    private readonly AsyncOnce<bool> created;

    public AzureTableMessageLog(AzureTableMessageLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var service = options.Account.CreateTableServiceClient();
        entries = service.GetTableClient(options.TableName);
        ids = service.GetTableClient(options.TableName + IdsTableSuffix);
        created = new AsyncOnce<bool>(async () =>
        {
            await Task.WhenAll(entries.CreateIfNotExistsAsync(), ids.CreateIfNotExistsAsync());
            return true;
        });
    }

    public static (string PartitionKey, string RowKey) EntryKeys(DateTimeOffset enqueuedTime, string topic, string messageId)
    {
        var utc = enqueuedTime.UtcDateTime;
        return (utc.ToString("yyyyMM", CultureInfo.InvariantCulture), $"{utc.Ticks:D19}_{Hash(topic, messageId)[..16]}");
    }

    /// <summary>Where the claim of a (topic, message id) is kept in the ids table.</summary>
    public static (string PartitionKey, string RowKey) ClaimKeys(string topic, string messageId)
    {
        var hash = Hash(topic, messageId);
        return (hash[..2], hash);
    }

    public async Task SaveAsync(MessageLogEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.MessageId);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Topic);
        TableLimits.EnsureFits(entry.Payload, $"Message {entry.MessageId} ({entry.TypeName}) on {entry.Topic}");
        await EnsureTablesAsync(cancellationToken);

        var (claimPartitionKey, claimRowKey) = ClaimKeys(entry.Topic, entry.MessageId);
        var (partitionKey, rowKey) = EntryKeys(entry.EnqueuedTime, entry.Topic, entry.MessageId);
        var claim = new TableEntity(claimPartitionKey, claimRowKey)
        {
            [nameof(MessageLogEntry.Topic)] = entry.Topic,
            [nameof(MessageLogEntry.MessageId)] = entry.MessageId,
            [ClaimedPartitionKey] = partitionKey,
            [ClaimedRowKey] = rowKey,
            [nameof(MessageLogEntry.EnqueuedTime)] = entry.EnqueuedTime.ToUniversalTime(),
        };
        try
        {
            await ids.AddEntityAsync(claim, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Logged already, or claimed by a save that died before writing the entry: its position stands.
            var existing = (await ids.GetEntityAsync<TableEntity>(claim.PartitionKey, claim.RowKey, cancellationToken: cancellationToken)).Value;
            (partitionKey, rowKey) = (existing.GetString(ClaimedPartitionKey), existing.GetString(ClaimedRowKey));
            entry = entry with { EnqueuedTime = existing.GetDateTimeOffset(nameof(MessageLogEntry.EnqueuedTime)) ?? entry.EnqueuedTime };
            if ((await entries.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, select: ["RowKey"], cancellationToken: cancellationToken)).HasValue)
            {
                return;
            }
        }

        try
        {
            await entries.AddEntityAsync(ToEntity(entry, partitionKey, rowKey), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // A concurrent copy of the same message wrote it.
        }
    }

    public async IAsyncEnumerable<MessageLogEntry> ReadAsync(MessageLogQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureTablesAsync(cancellationToken);
        var filters = new List<string>();
        if (query.Kind is { } kind)
        {
            filters.Add(TableClient.CreateQueryFilter($"Kind eq {kind}"));
        }

        if (query.SourceId is { } sourceId)
        {
            filters.Add(TableClient.CreateQueryFilter($"SourceId eq {sourceId}"));
        }

        if (query.Until is { } until)
        {
            // The partition bound lets the service skip later months; the time bound is exact.
            filters.Add(TableClient.CreateQueryFilter($"PartitionKey le {until.UtcDateTime.ToString("yyyyMM", CultureInfo.InvariantCulture)}"));
            filters.Add(TableClient.CreateQueryFilter($"EnqueuedTime le {until.ToUniversalTime()}"));
        }

        var types = query.TypeNames is { Count: > 0 } names ? new HashSet<string>(names, StringComparer.Ordinal) : null;
        if (types is { Count: <= MaxTypeNamesInFilter })
        {
            filters.Add("(" + string.Join(" or ", types.Select(t => TableClient.CreateQueryFilter($"TypeName eq {t}"))) + ")");
        }

        var filter = filters.Count == 0 ? null : string.Join(" and ", filters);
        await foreach (var row in entries.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var entry = FromEntity(row);
            if (types is null || types.Contains(entry.TypeName))
            {
                yield return entry;
            }
        }
    }

    private Task EnsureTablesAsync(CancellationToken cancellationToken) => created.GetAsync(cancellationToken);

    private static string Hash(string topic, string messageId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(topic + "\n" + messageId)));

    private static TableEntity ToEntity(MessageLogEntry entry, string partitionKey, string rowKey) => new(partitionKey, rowKey)
    {
        [nameof(MessageLogEntry.MessageId)] = entry.MessageId,
        [nameof(MessageLogEntry.Topic)] = entry.Topic,
        [nameof(MessageLogEntry.Kind)] = entry.Kind,
        [nameof(MessageLogEntry.TypeName)] = entry.TypeName,
        [nameof(MessageLogEntry.SourceId)] = entry.SourceId,
        [nameof(MessageLogEntry.Version)] = entry.Version,
        [nameof(MessageLogEntry.CorrelationId)] = entry.CorrelationId,
        [nameof(MessageLogEntry.EnqueuedTime)] = entry.EnqueuedTime.ToUniversalTime(),
        [nameof(MessageLogEntry.Payload)] = entry.Payload,
    };

    private static MessageLogEntry FromEntity(TableEntity row) => new()
    {
        MessageId = row.GetString(nameof(MessageLogEntry.MessageId)),
        Topic = row.GetString(nameof(MessageLogEntry.Topic)),
        Kind = row.GetString(nameof(MessageLogEntry.Kind)),
        TypeName = row.GetString(nameof(MessageLogEntry.TypeName)),
        SourceId = row.GetString(nameof(MessageLogEntry.SourceId)),
        Version = row.GetInt32(nameof(MessageLogEntry.Version)),
        CorrelationId = row.GetString(nameof(MessageLogEntry.CorrelationId)),
        EnqueuedTime = row.GetDateTimeOffset(nameof(MessageLogEntry.EnqueuedTime)) ?? throw new InvalidDataException($"Log row {row.RowKey} has no enqueued time."),
        Payload = row.GetString(nameof(MessageLogEntry.Payload)),
    };
}
