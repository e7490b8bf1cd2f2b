using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Infrastructure.Azure.Storage;
using Infrastructure.BlobStorage;

namespace Infrastructure.Azure.BlobStorage;

/// <summary>
/// Documents as block blobs named by their id, in one container. As the SQL store, a save replaces
/// whatever is there (last writer wins: each document has one writer, its view model generator), and
/// deleting a missing blob is not an error.
/// </summary>
public sealed class AzureBlobStorage : IBlobStorage
{
    private readonly AsyncOnce<BlobContainerClient> container;

    public AzureBlobStorage(AzureBlobStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var client = options.Account.CreateBlobServiceClient().GetBlobContainerClient(options.ContainerName);
        container = new AsyncOnce<BlobContainerClient>(async () =>
        {
            await client.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
            return client;
        });
    }

    public async Task<byte[]?> FindAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var blob = (await container.GetAsync(cancellationToken)).GetBlobClient(id);
        try
        {
            return (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return null;
        }
    }

    public async Task SaveAsync(string id, string contentType, byte[] blob, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        ArgumentNullException.ThrowIfNull(blob);
        var client = (await container.GetAsync(cancellationToken)).GetBlobClient(id);
        await client.UploadAsync(
            new BinaryData(blob),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
            cancellationToken);
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        await (await container.GetAsync(cancellationToken)).GetBlobClient(id).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }
}
