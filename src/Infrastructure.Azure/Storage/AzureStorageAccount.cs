using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace Infrastructure.Azure.Storage;

/// <summary>
/// Where a storage service is and how to sign in to it: either a connection string (account key,
/// SAS, or the emulator), or the service's URI with a token credential (managed identity through
/// <see cref="DefaultAzureCredential"/> unless <see cref="Credential"/> names another).
/// </summary>
public sealed record AzureStorageAccount
{
    public string? ConnectionString { get; init; }

    /// <summary>The table or blob service endpoint, e.g. https://account.table.core.windows.net.</summary>
    public Uri? ServiceUri { get; init; }

    /// <summary>Used with <see cref="ServiceUri"/>; <see cref="DefaultAzureCredential"/> when not set.</summary>
    public TokenCredential? Credential { get; init; }

    public static AzureStorageAccount FromConnectionString(string connectionString) => new() { ConnectionString = connectionString };

    /// <summary>Throws <see cref="InvalidSettingException"/> naming <paramref name="settingName"/> unless exactly one way to connect is given.</summary>
    public void Validate(string settingName)
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        if (hasConnectionString == (ServiceUri is not null))
        {
            throw new InvalidSettingException(settingName, "set either a connection string or a service URI (with managed identity or a given credential), not both and not neither.");
        }

        if (ServiceUri is { IsAbsoluteUri: false } or { Scheme: not ("https" or "http") })
        {
            throw new InvalidSettingException(settingName, $"the service URI '{ServiceUri}' must be an absolute http(s) URI.");
        }

        if (hasConnectionString && Credential is not null)
        {
            throw new InvalidSettingException(settingName, "a credential goes with a service URI, not with a connection string.");
        }
    }

    public TableServiceClient CreateTableServiceClient() =>
        ServiceUri is { } uri ? new TableServiceClient(uri, Credential ?? new DefaultAzureCredential()) : new TableServiceClient(ConnectionString);

    public BlobServiceClient CreateBlobServiceClient() =>
        ServiceUri is { } uri ? new BlobServiceClient(uri, Credential ?? new DefaultAzureCredential()) : new BlobServiceClient(ConnectionString);
}
