using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Infrastructure.Azure.Storage;

namespace Infrastructure.Azure.Tests.Storage;

/// <summary>
/// The storage emulator that ./test.sh starts (CONFERENCE_TEST_AZURITE). Every spec works in tables and
/// containers of its own names, so specs run in parallel on one emulator, and removes them afterwards.
/// </summary>
public static class Azurite
{
    public const string Variable = "CONFERENCE_TEST_AZURITE";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{Variable} is not set: run the tests with ./test.sh, which starts Azurite, or set it to a storage connection string.");

    public static AzureStorageAccount Account => AzureStorageAccount.FromConnectionString(ConnectionString);

    /// <summary>A table name prefix (letters and digits) no other spec uses.</summary>
    public static string UniqueTablePrefix(string what) => what + Guid.NewGuid().ToString("N")[..16];

    /// <summary>A container name no other spec uses.</summary>
    public static string UniqueContainerName() => "test-" + Guid.NewGuid().ToString("N");

    public static TableServiceClient Tables => new(ConnectionString);

    public static async Task<List<string>> TableNamesAsync(string prefix)
    {
        var names = new List<string>();
        await foreach (var table in Tables.QueryAsync())
        {
            if (table.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                names.Add(table.Name);
            }
        }

        return names;
    }

    public static async Task DeleteTablesAsync(string prefix)
    {
        foreach (var name in await TableNamesAsync(prefix))
        {
            await Tables.DeleteTableAsync(name);
        }
    }

    public static Task DeleteContainerAsync(string name) => new BlobServiceClient(ConnectionString).GetBlobContainerClient(name).DeleteIfExistsAsync();
}
