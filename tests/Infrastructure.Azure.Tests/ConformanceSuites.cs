using Infrastructure.Azure.BlobStorage;
using Infrastructure.Azure.EventSourcing;
using Infrastructure.Azure.MessageLog;
using Infrastructure.Azure.Tests.Storage;
using Infrastructure.BlobStorage;
using Infrastructure.EventSourcing;
using Infrastructure.MessageLog;
using Infrastructure.Messaging;
using Infrastructure.Sql.Messaging;
using Infrastructure.Sql.Testing;

namespace Infrastructure.Azure.Tests;

/// <summary>The event store contract on Table Storage; the publisher sends through a SQLite transport.</summary>
public sealed class AzureTableEventStoreConformance : EventStoreConformance
{
    private readonly string prefix = Azurite.UniqueTablePrefix("Es");
    private ITestDatabase transportDatabase = null!;

    private AzureTableEventStoreOptions Options => new() { Account = Azurite.Account, TablePrefix = prefix };

    protected override async Task<(IEventStore Store, IUnpublishedEventsQueue Queue, IMessageTransport Transport)> CreateAsync()
    {
        transportDatabase = await SqliteTestDatabase.CreateAsync();
        var store = new AzureTableEventStore(Options);
        return (store, store, new SqlMessageTransport(transportDatabase.Database));
    }

    protected override IEventStore CreatePeerStore() => new AzureTableEventStore(Options);

    public override async Task DisposeAsync()
    {
        await Azurite.DeleteTablesAsync(prefix);
        await transportDatabase.DisposeAsync();
    }
}

public sealed class AzureTableMessageLogConformance : MessageLogConformance
{
    private readonly string table = Azurite.UniqueTablePrefix("Log");

    private AzureTableMessageLogOptions Options => new() { Account = Azurite.Account, TableName = table };

    protected override Task<IMessageLog> CreateAsync() => Task.FromResult<IMessageLog>(new AzureTableMessageLog(Options));

    protected override IMessageLog CreatePeer() => new AzureTableMessageLog(Options);

    public override Task DisposeAsync() => Azurite.DeleteTablesAsync(table);
}

public sealed class AzureBlobStorageConformance : BlobStorageConformance
{
    private readonly string container = Azurite.UniqueContainerName();

    protected override Task<IBlobStorage> CreateAsync() =>
        Task.FromResult<IBlobStorage>(new AzureBlobStorage(new AzureBlobStorageOptions { Account = Azurite.Account, ContainerName = container }));

    public override Task DisposeAsync() => Azurite.DeleteContainerAsync(container);
}
