using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Infrastructure.Azure.Storage;
using Infrastructure.EventSourcing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Infrastructure.Azure.EventSourcing;

/// <summary>
/// Event streams in Table Storage, one table per aggregate type. A stream is a partition (partition key:
/// the source id); each event is a row whose key is its version as ten digits, so rows sort in version
/// order. Each save also writes a copy of every event under <c>Unpublished_{version}</c> in the same
/// partition, in the same entity-group transaction: that prefix is the virtual queue the publisher reads.
/// Limits, each refused before anything is written: at most <see cref="MaxEventsPerSave"/> events per save,
/// and no more than a 4 MiB transaction body holds with their copies (<see cref="EventBatchTooLargeException"/>);
/// a payload of at most <see cref="TableLimits.MaxStringPropertyLength"/> characters
/// (<see cref="TablePropertyTooLargeException"/>), which keeps each row far below the 1 MiB entity limit.
/// </summary>
public sealed partial class AzureTableEventStore : IEventStore, IUnpublishedEventsQueue
{
    /// <summary>Each event is two inserts, and a save onto an existing stream adds one check of its last event.</summary>
    public const int MaxEventsPerSave = (TableLimits.MaxTransactionOperations - 1) / 2;

    public const string UnpublishedPrefix = "Unpublished_";

    // Version row keys are digits; ':' is the character after '9', so "< ':'" keeps a range to them and
    // leaves out the Unpublished_ copies.
    private const string AfterLastDigitKey = ":";

    // '`' follows '_': every key with the Unpublished_ prefix sorts below "Unpublished`".
    private const string AfterUnpublishedPrefix = "Unpublished`";

    private readonly TableServiceClient service;
    private readonly AzureTableEventStoreOptions options;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<string, AsyncOnce<TableClient>> tables = new(StringComparer.Ordinal);

    public AzureTableEventStore(AzureTableEventStoreOptions options, ILogger<AzureTableEventStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        this.logger = logger ?? (ILogger)NullLogger.Instance;
        service = options.Account.CreateTableServiceClient();
    }

    public static string RowKey(int version) => version.ToString("D10", CultureInfo.InvariantCulture);

    public static string UnpublishedRowKey(int version) => UnpublishedPrefix + RowKey(version);

    public static string PartitionKey(Guid sourceId) => sourceId.ToString("D");

    public async Task<IReadOnlyList<StoredEvent>> LoadAsync(string sourceType, Guid sourceId, int afterVersion, CancellationToken cancellationToken)
    {
        var table = await TableAsync(sourceType, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey(sourceId)} and RowKey gt {RowKey(afterVersion)} and RowKey lt {AfterLastDigitKey}");
        return await ReadAsync(table, sourceType, filter, cancellationToken);
    }

    public async Task SaveAsync(string sourceType, Guid sourceId, int expectedVersion, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        EventStoreValidation.ValidateSave(sourceType, sourceId, expectedVersion, events);
        if (events.Count > MaxEventsPerSave)
        {
            throw new EventBatchTooLargeException(
                $"{sourceType} {sourceId}: {events.Count} events in one save; Table Storage writes at most {MaxEventsPerSave} with their unpublished copies in one transaction. Nothing was written.");
        }

        long bodyBound = TableLimits.OperationOverheadBytes;
        foreach (var e in events)
        {
            TableLimits.EnsureFits(e.Payload, $"Event {e.TypeName} (version {e.Version}) of {sourceType} {sourceId}");
            TableLimits.EnsureFits(e.CorrelationId, $"The correlation id of event {e.TypeName} (version {e.Version}) of {sourceType} {sourceId}");
            bodyBound += 2 * (TableLimits.OperationOverheadBytes + TableLimits.EncodedLengthBound(e.Payload) + TableLimits.EncodedLengthBound(e.CorrelationId) + TableLimits.EncodedLengthBound(e.TypeName));
        }

        if (bodyBound > TableLimits.MaxTransactionBytes)
        {
            throw new EventBatchTooLargeException(
                $"{sourceType} {sourceId}: {events.Count} events of this size may not fit one Table Storage transaction with their unpublished copies (up to {bodyBound} of {TableLimits.MaxTransactionBytes} bytes). Nothing was written.");
        }

        var partition = PartitionKey(sourceId);
        var actions = new List<TableTransactionAction>(events.Count * 2 + 1);
        if (expectedVersion > 0)
        {
            // Fails the whole transaction (not found) when the stream is behind the expected version: a
            // save must continue the stream, not leave a gap. Merging the keys alone changes no property.
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(partition, RowKey(expectedVersion)), ETag.All));
        }

        // Inserting an existing version fails the whole transaction: someone saved it first.
        actions.AddRange(events.Select(e => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(e, RowKey(e.Version)))));
        actions.AddRange(events.Select(e => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(e, UnpublishedRowKey(e.Version)))));

        var table = await TableAsync(sourceType, cancellationToken);
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409)
        {
            LogConflict(sourceType, sourceId, expectedVersion, ex.ErrorCode);
            throw new ConcurrencyException(
                ex.Status == 404
                    ? $"{sourceType} {sourceId} is not at the expected version {expectedVersion}: it has no event {expectedVersion}."
                    : $"{sourceType} {sourceId} was changed concurrently past version {expectedVersion}.",
                ex);
        }
    }

    public async Task<IReadOnlyList<StoredEvent>> GetUnpublishedAsync(string sourceType, Guid sourceId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(sourceType, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey(sourceId)} and RowKey ge {UnpublishedPrefix} and RowKey lt {AfterUnpublishedPrefix}");
        return await ReadAsync(table, sourceType, filter, cancellationToken);
    }

    public async Task DeleteUnpublishedAsync(string sourceType, Guid sourceId, IReadOnlyCollection<int> versions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var table = await TableAsync(sourceType, cancellationToken);
        var partition = PartitionKey(sourceId);
        foreach (var chunk in versions.Distinct().Order().Chunk(TableLimits.MaxTransactionOperations))
        {
            var remaining = chunk.ToList();
            while (remaining.Count > 0)
            {
                try
                {
                    await table.SubmitTransactionAsync(
                        remaining.Select(v => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, UnpublishedRowKey(v)), ETag.All)),
                        cancellationToken);
                    break;
                }
                catch (TableTransactionFailedException ex) when (ex.Status == 404 && ex.FailedTransactionActionIndex is { } index && index < remaining.Count)
                {
                    // That copy is already gone (another publisher deleted it): the others still go, in one more transaction.
                    remaining.RemoveAt(index);
                }
            }
        }
    }

    public async Task<IReadOnlyList<(string SourceType, Guid SourceId)>> GetStreamsWithUnpublishedEventsAsync(CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(options.TablesBySourceType.Values, StringComparer.Ordinal);
        await foreach (var item in service.QueryAsync(cancellationToken: cancellationToken))
        {
            if (item.Name.StartsWith(options.TablePrefix, StringComparison.Ordinal))
            {
                names.Add(item.Name);
            }
        }

        var streams = new HashSet<(string, Guid)>();
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            var table = service.GetTableClient(name);
            var filter = TableClient.CreateQueryFilter($"RowKey ge {UnpublishedPrefix} and RowKey lt {AfterUnpublishedPrefix}");
            try
            {
                await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", nameof(StoredEvent.SourceType)], cancellationToken: cancellationToken))
                {
                    streams.Add((row.GetString(nameof(StoredEvent.SourceType)), Guid.Parse(row.PartitionKey)));
                }
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // A mapped table nothing was saved to yet.
            }
        }

        return [.. streams];
    }

    private static async Task<IReadOnlyList<StoredEvent>> ReadAsync(TableClient table, string sourceType, string filter, CancellationToken cancellationToken)
    {
        var events = new List<StoredEvent>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            events.Add(new StoredEvent(
                sourceType,
                Guid.Parse(row.PartitionKey),
                row.GetInt32(nameof(StoredEvent.Version)) ?? throw new InvalidDataException($"Row {row.RowKey} of {table.Name} has no version."),
                row.GetString(nameof(StoredEvent.TypeName)),
                row.GetString(nameof(StoredEvent.Payload)),
                row.GetString(nameof(StoredEvent.CorrelationId)),
                row.GetDateTimeOffset(nameof(StoredEvent.CreatedAt)) ?? throw new InvalidDataException($"Row {row.RowKey} of {table.Name} has no creation time.")));
        }

        return events;
    }

    private static TableEntity ToEntity(StoredEvent e, string rowKey) => new(PartitionKey(e.SourceId), rowKey)
    {
        [nameof(StoredEvent.SourceType)] = e.SourceType,
        [nameof(StoredEvent.Version)] = e.Version,
        [nameof(StoredEvent.TypeName)] = e.TypeName,
        [nameof(StoredEvent.Payload)] = e.Payload,
        [nameof(StoredEvent.CorrelationId)] = e.CorrelationId,
        [nameof(StoredEvent.CreatedAt)] = e.CreatedAt.ToUniversalTime(),
    };

    /// <summary>The table of <paramref name="sourceType"/>, created once per process on first use.</summary>
    private Task<TableClient> TableAsync(string sourceType, CancellationToken cancellationToken) =>
        tables.GetOrAdd(options.TableFor(sourceType), name => new AsyncOnce<TableClient>(async () =>
        {
            var table = service.GetTableClient(name);
            await table.CreateIfNotExistsAsync(CancellationToken.None);
            return table;
        })).GetAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Save of {SourceType} {SourceId} at version {ExpectedVersion} conflicted ({ErrorCode})")]
    private partial void LogConflict(string sourceType, Guid sourceId, int expectedVersion, string? errorCode);
}
