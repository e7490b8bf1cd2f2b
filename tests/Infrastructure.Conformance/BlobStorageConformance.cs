using System.Text;
using Infrastructure.BlobStorage;

namespace Infrastructure.Conformance;

/// <summary>The blob storage contract: documents by id, found, replaced and deleted.</summary>
public abstract class BlobStorageConformance : IAsyncLifetime
{
    protected IBlobStorage Blobs { get; private set; } = null!;

    /// <summary>A blob storage on fresh storage.</summary>
    protected abstract Task<IBlobStorage> CreateAsync();

    public virtual async Task InitializeAsync() => Blobs = await CreateAsync();

    public abstract Task DisposeAsync();

    [SkippableFact]
    public async Task when_a_blob_is_saved_overwritten_and_deleted_then_reads_follow()
    {
        Assert.Null(await Blobs.FindAsync("seat-assignments/1", default));

        await Blobs.SaveAsync("seat-assignments/1", "application/json", Encoding.UTF8.GetBytes("{\"v\":1}"), default);
        Assert.Equal("{\"v\":1}", Encoding.UTF8.GetString((await Blobs.FindAsync("seat-assignments/1", default))!));

        await Blobs.SaveAsync("seat-assignments/1", "application/json", Encoding.UTF8.GetBytes("{\"v\":2}"), default);
        Assert.Equal("{\"v\":2}", Encoding.UTF8.GetString((await Blobs.FindAsync("seat-assignments/1", default))!));

        await Blobs.DeleteAsync("seat-assignments/1", default);
        Assert.Null(await Blobs.FindAsync("seat-assignments/1", default));
    }

    [SkippableFact]
    public async Task when_a_missing_blob_is_deleted_then_nothing_happens()
    {
        await Blobs.DeleteAsync("never-saved", default);

        Assert.Null(await Blobs.FindAsync("never-saved", default));
    }

    [SkippableFact]
    public async Task when_blobs_have_different_ids_then_each_keeps_its_own_bytes()
    {
        byte[] binary = [0, 1, 2, 254, 255];
        await Blobs.SaveAsync("a", "application/octet-stream", binary, default);
        await Blobs.SaveAsync("a/b", "text/plain", Encoding.UTF8.GetBytes("nested"), default);
        await Blobs.SaveAsync("empty", "text/plain", [], default);

        await Blobs.DeleteAsync("a/b", default);

        Assert.Equal(binary, await Blobs.FindAsync("a", default));
        Assert.Null(await Blobs.FindAsync("a/b", default));
        Assert.Empty((await Blobs.FindAsync("empty", default))!);
    }

    [SkippableFact]
    public async Task when_the_id_or_content_type_is_blank_then_it_is_refused()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Blobs.SaveAsync(" ", "text/plain", [1], default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Blobs.SaveAsync("a", "", [1], default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Blobs.FindAsync("", default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Blobs.DeleteAsync("", default));
    }
}
