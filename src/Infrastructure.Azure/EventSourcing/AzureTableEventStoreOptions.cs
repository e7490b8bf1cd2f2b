using Infrastructure.Azure.Storage;

namespace Infrastructure.Azure.EventSourcing;

public sealed record AzureTableEventStoreOptions
{
    public required AzureStorageAccount Account { get; init; }

    /// <summary>The table of each aggregate type's streams, e.g. Order → ConferenceEventStoreOrders.</summary>
    public IReadOnlyDictionary<string, string> TablesBySourceType { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Every other aggregate type gets the table <c>{TablePrefix}{SourceType}</c> (letters and digits
    /// only); the start-up scan of the unpublished copies reads the mapped tables and every table with this prefix.
    /// </summary>
    public string TablePrefix { get; init; } = "ConferenceEventStore";

    public string TableFor(string sourceType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceType);
        if (TablesBySourceType.TryGetValue(sourceType, out var table))
        {
            return table;
        }

        var name = TablePrefix + new string([.. sourceType.Where(char.IsAsciiLetterOrDigit)]);
        TableLimits.ValidateTableName($"event store table for {sourceType}", name);
        return name;
    }

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Account, nameof(Account));
        Account.Validate("event store account");
        if (string.IsNullOrEmpty(TablePrefix) || !char.IsAsciiLetter(TablePrefix[0]) || !TablePrefix.All(char.IsAsciiLetterOrDigit) || TablePrefix.Length > 60)
        {
            throw new InvalidSettingException("event store table prefix", $"'{TablePrefix}' must start with a letter and hold only letters and digits (at most 60).");
        }

        foreach (var (sourceType, table) in TablesBySourceType)
        {
            TableLimits.ValidateTableName($"event store table for {sourceType}", table);
        }
    }
}
