using System.Text;
using Infrastructure.Sql.BlobStorage;

namespace Infrastructure.Sql.Tests;

public abstract class BlobStorageSpecs : IAsyncLifetime
{
    private ITestDatabase database = null!;
    private SqlBlobStorage blobs = null!;

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        database = await CreateDatabaseAsync();
        blobs = new SqlBlobStorage(database.Database, TimeProvider.System);
    }

    public Task DisposeAsync() => database.DisposeAsync().AsTask();

    [Fact]
    public async Task when_a_blob_is_saved_overwritten_and_deleted_then_reads_follow()
    {
        Assert.Null(await blobs.FindAsync("seat-assignments/1", default));

        await blobs.SaveAsync("seat-assignments/1", "application/json", Encoding.UTF8.GetBytes("{\"v\":1}"), default);
        Assert.Equal("{\"v\":1}", Encoding.UTF8.GetString((await blobs.FindAsync("seat-assignments/1", default))!));

        await blobs.SaveAsync("seat-assignments/1", "application/json", Encoding.UTF8.GetBytes("{\"v\":2}"), default);
        Assert.Equal("{\"v\":2}", Encoding.UTF8.GetString((await blobs.FindAsync("seat-assignments/1", default))!));

        await blobs.DeleteAsync("seat-assignments/1", default);
        Assert.Null(await blobs.FindAsync("seat-assignments/1", default));
    }

    [Fact]
    public async Task when_the_id_is_blank_then_it_is_refused()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => blobs.SaveAsync(" ", "text/plain", [1], default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => blobs.FindAsync("", default));
    }
}

public sealed class SqliteBlobStorageSpecs : BlobStorageSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresBlobStorageSpecs : BlobStorageSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
