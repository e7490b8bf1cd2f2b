namespace Infrastructure.BlobStorage;

/// <summary>Documents by id (read models such as the seat-assignments view).</summary>
public interface IBlobStorage
{
    Task<byte[]?> FindAsync(string id, CancellationToken cancellationToken);

    Task SaveAsync(string id, string contentType, byte[] blob, CancellationToken cancellationToken);

    Task DeleteAsync(string id, CancellationToken cancellationToken);
}
