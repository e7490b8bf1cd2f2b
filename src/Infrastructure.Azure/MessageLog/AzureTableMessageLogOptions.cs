using Infrastructure.Azure.Storage;

namespace Infrastructure.Azure.MessageLog;

public sealed record AzureTableMessageLogOptions
{
    public required AzureStorageAccount Account { get; init; }

    /// <summary>The entries' table; the table <c>{TableName}Ids</c> beside it remembers which messages are logged.</summary>
    public string TableName { get; init; } = "ConferenceMessageLog";

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Account, nameof(Account));
        Account.Validate("message log account");
        TableLimits.ValidateTableName("message log table", TableName);
        TableLimits.ValidateTableName("message log table", TableName + AzureTableMessageLog.IdsTableSuffix);
    }
}
