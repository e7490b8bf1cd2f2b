using Infrastructure.BlobStorage;
using Infrastructure.Sql.Database;
using Microsoft.EntityFrameworkCore;

namespace Infrastructure.Sql.BlobStorage;

/// <summary>Blobs in a table: the local stand-in for Azure Blob storage.</summary>
public sealed class SqlBlobStorage(SqlDatabase database, TimeProvider clock) : IBlobStorage
{
    public async Task<byte[]?> FindAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        await using var context = CreateContext();
        return await context.Blobs.AsNoTracking().Where(b => b.Id == id).Select(b => b.Blob).FirstOrDefaultAsync(cancellationToken);
    }

    public Task SaveAsync(string id, string contentType, byte[] blob, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        ArgumentNullException.ThrowIfNull(blob);
        return database.Retry.ExecuteAsync(
            async token =>
            {
                await using var connection = await database.OpenConnectionAsync(token);
                await using var upsert = connection.Command(this.upsert);
                await upsert.With("id", id).With("contentType", contentType).With("blob", blob).With("now", clock.GetUtcNow().ToUnixMs()).ExecuteNonQueryAsync(token);
            },
            cancellationToken).AsTask();
    }

    public Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return database.Retry.ExecuteAsync(
            async token =>
            {
                await using var context = CreateContext();
                await context.Blobs.Where(b => b.Id == id).ExecuteDeleteAsync(token);
            },
            cancellationToken).AsTask();
    }

    private readonly string upsert = UpsertSql(database);

    internal static string UpsertSql(SqlDatabase database) => database.Upsert(
        "Blobs",
        ["Id"],
        [("Id", "@id"), ("ContentType", "@contentType"), ("Blob", "@blob"), ("UpdatedAt", "@now")],
        update: ["ContentType", "Blob", "UpdatedAt"]);

    private readonly DbContextOptions<BlobStorageDbContext> options = database.CreateOptions<BlobStorageDbContext>(BlobStorageDbContext.MigrationsHistoryTable);

    private BlobStorageDbContext CreateContext() => new(options);
}
