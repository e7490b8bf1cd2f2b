using System.Collections.Concurrent;
using JasperFx;
using JasperFx.Events;
using Marten;

namespace Infrastructure.Benchmarks;

/// <summary>The same event as ours, for the peers.</summary>
public sealed record Deposited(int Amount);

/// <summary>
/// Marten's event store on the same PostgreSQL (its own schema): a new stream with one event
/// (<c>StartStream</c>) and one event appended to an existing stream at an expected version, in the
/// append mode given (Rich reads the stream's version before writing; Quick writes through a function).
/// </summary>
public sealed class MartenPeer : IDisposable
{
    private readonly DocumentStore store;
    private readonly ConcurrentQueue<(Guid Id, long Version)> streams = new();

    private MartenPeer(DocumentStore store) => this.store = store;

    public static async Task<MartenPeer> CreateAsync(string connectionString, EventAppendMode mode)
    {
        var store = DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            options.DatabaseSchemaName = "marten_" + mode.ToString().ToLowerInvariant();
            options.AutoCreateSchemaObjects = AutoCreate.All;
            options.DisableNpgsqlLogging = true;
            options.Events.AppendMode = mode;
            options.Events.AddEventType<Deposited>();
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return new MartenPeer(store);
    }

    public async Task StartStreamAsync()
    {
        await using var session = store.LightweightSession();
        session.Events.StartStream(Guid.NewGuid(), new Deposited(1));
        await session.SaveChangesAsync();
    }

    /// <summary>Appends to one of a pool of streams (one per caller at a time), stating the version the stream reaches.</summary>
    public async Task AppendAsync()
    {
        if (!streams.TryDequeue(out var stream))
        {
            stream = (Guid.NewGuid(), 1);
            await using var start = store.LightweightSession();
            start.Events.StartStream(stream.Id, new Deposited(1));
            await start.SaveChangesAsync();
        }

        await using (var session = store.LightweightSession())
        {
            session.Events.Append(stream.Id, stream.Version + 1, new Deposited(1));
            await session.SaveChangesAsync();
        }

        streams.Enqueue((stream.Id, stream.Version + 1));
    }

    public void Dispose() => store.Dispose();
}
