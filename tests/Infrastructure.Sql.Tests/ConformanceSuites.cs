using Infrastructure.BlobStorage;
using Infrastructure.Conformance;
using Infrastructure.EventSourcing;
using Infrastructure.MessageLog;
using Infrastructure.Messaging;
using Infrastructure.Sql.BlobStorage;
using Infrastructure.Sql.EventSourcing;
using Infrastructure.Sql.MessageLog;
using Infrastructure.Sql.Messaging;

namespace Infrastructure.Sql.Tests;

public sealed class SqliteTransportConformance : TransportConformance
{
    private ITestDatabase database = null!;

    protected override async Task<IMessageTransport> CreateTransportAsync() =>
        new SqlMessageTransport((database = await SqliteTestDatabase.CreateAsync()).Database);

    protected override IMessageTransport CreatePeerTransport() => new SqlMessageTransport(database.Database);

    protected override bool HandsOverNextOnCompletion => true;

    protected override bool BatchesCompletions => true;

    public override Task DisposeAsync() => database.DisposeAsync().AsTask();
}

public sealed class PostgresTransportConformance : TransportConformance
{
    private ITestDatabase database = null!;

    protected override async Task<IMessageTransport> CreateTransportAsync() =>
        new SqlMessageTransport((database = await PostgresTestDatabase.CreateAsync()).Database);

    protected override IMessageTransport CreatePeerTransport() => new SqlMessageTransport(database.Database);

    protected override bool HandsOverNextOnCompletion => true;

    protected override bool BatchesCompletions => true;

    public override Task DisposeAsync() => database.DisposeAsync().AsTask();
}

public sealed class SqliteEventStoreConformance : EventStoreConformance
{
    private ITestDatabase database = null!;

    protected override async Task<(IEventStore Store, IUnpublishedEventsQueue Queue, IMessageTransport Transport)> CreateAsync()
    {
        database = await SqliteTestDatabase.CreateAsync();
        var store = new SqlEventStore(database.Database);
        return (store, store, new SqlMessageTransport(database.Database));
    }

    protected override IEventStore CreatePeerStore() => new SqlEventStore(database.Database);

    public override Task DisposeAsync() => database.DisposeAsync().AsTask();
}

public sealed class PostgresEventStoreConformance : EventStoreConformance
{
    private ITestDatabase database = null!;

    protected override async Task<(IEventStore Store, IUnpublishedEventsQueue Queue, IMessageTransport Transport)> CreateAsync()
    {
        database = await PostgresTestDatabase.CreateAsync();
        var store = new SqlEventStore(database.Database);
        return (store, store, new SqlMessageTransport(database.Database));
    }

    protected override IEventStore CreatePeerStore() => new SqlEventStore(database.Database);

    public override Task DisposeAsync() => database.DisposeAsync().AsTask();
}

public sealed class SqliteMessageProcessorConformance : MessageProcessorConformance
{
    private ITestDatabase database = null!;

    protected override async Task<IMessageTransport> CreateTransportAsync() =>
        new SqlMessageTransport((database = await SqliteTestDatabase.CreateAsync()).Database);

    protected override IMessageLog CreateMessageLog() => new SqlMessageLog(database.Database);

    public override Task DisposeAsync() => database.DisposeAsync().AsTask();
}

public sealed class PostgresMessageProcessorConformance : MessageProcessorConformance
{
    private ITestDatabase database = null!;

    protected override async Task<IMessageTransport> CreateTransportAsync() =>
        new SqlMessageTransport((database = await PostgresTestDatabase.CreateAsync()).Database);

    protected override IMessageLog CreateMessageLog() => new SqlMessageLog(database.Database);

    public override Task DisposeAsync() => database.DisposeAsync().AsTask();
}

public sealed class SqliteMessageLogConformance : MessageLogConformance
{
    private ITestDatabase database = null!;

    protected override async Task<IMessageLog> CreateAsync() => new SqlMessageLog((database = await SqliteTestDatabase.CreateAsync()).Database);

    protected override IMessageLog CreatePeer() => new SqlMessageLog(database.Database);

    public override Task DisposeAsync() => database.DisposeAsync().AsTask();
}

public sealed class SqliteOrderedPartitionConformance : OrderedPartitionConformance
{
    private static readonly SqlTransportOptions Ordered = new() { OrderedPartitions = true };
    private ITestDatabase database = null!;

    protected override async Task<IMessageTransport> CreateTransportAsync(TimeProvider clock) =>
        new SqlMessageTransport((database = await SqliteTestDatabase.CreateAsync()).Database, clock, Ordered);

    protected override IMessageTransport CreatePeerTransport(TimeProvider clock) => new SqlMessageTransport(database.Database, clock, Ordered);

    public override Task DisposeAsync() => database.DisposeAsync().AsTask();
}

public sealed class PostgresMessageLogConformance : MessageLogConformance
{
    private ITestDatabase database = null!;

    protected override async Task<IMessageLog> CreateAsync() => new SqlMessageLog((database = await PostgresTestDatabase.CreateAsync()).Database);

    protected override IMessageLog CreatePeer() => new SqlMessageLog(database.Database);

    public override Task DisposeAsync() => database.DisposeAsync().AsTask();
}

public sealed class SqliteBlobStorageConformance : BlobStorageConformance
{
    private ITestDatabase database = null!;

    protected override async Task<IBlobStorage> CreateAsync() => new SqlBlobStorage((database = await SqliteTestDatabase.CreateAsync()).Database, TimeProvider.System);

    public override Task DisposeAsync() => database.DisposeAsync().AsTask();
}

public sealed class PostgresBlobStorageConformance : BlobStorageConformance
{
    private ITestDatabase database = null!;

    protected override async Task<IBlobStorage> CreateAsync() => new SqlBlobStorage((database = await PostgresTestDatabase.CreateAsync()).Database, TimeProvider.System);

    public override Task DisposeAsync() => database.DisposeAsync().AsTask();
}

public sealed class PostgresOrderedPartitionConformance : OrderedPartitionConformance
{
    private static readonly SqlTransportOptions Ordered = new() { OrderedPartitions = true };
    private ITestDatabase database = null!;

    protected override async Task<IMessageTransport> CreateTransportAsync(TimeProvider clock) =>
        new SqlMessageTransport((database = await PostgresTestDatabase.CreateAsync()).Database, clock, Ordered);

    protected override IMessageTransport CreatePeerTransport(TimeProvider clock) => new SqlMessageTransport(database.Database, clock, Ordered);

    public override Task DisposeAsync() => database.DisposeAsync().AsTask();
}

// On SQL Server (or Azure SQL) when CONFERENCE_TEST_SQLSERVER holds a connection string; reported skipped otherwise.
public sealed class SqlServerTransportConformance : TransportConformance
{
    private ITestDatabase? database;

    protected override async Task<IMessageTransport> CreateTransportAsync() =>
        new SqlMessageTransport((database = await SqlServerTestDatabase.CreateAsync()).Database);

    protected override IMessageTransport CreatePeerTransport() => new SqlMessageTransport(database!.Database);

    protected override bool HandsOverNextOnCompletion => true;

    protected override bool BatchesCompletions => true;

    public override Task DisposeAsync() => database?.DisposeAsync().AsTask() ?? Task.CompletedTask;
}

public sealed class SqlServerEventStoreConformance : EventStoreConformance
{
    private ITestDatabase? database;

    protected override async Task<(IEventStore Store, IUnpublishedEventsQueue Queue, IMessageTransport Transport)> CreateAsync()
    {
        database = await SqlServerTestDatabase.CreateAsync();
        var store = new SqlEventStore(database.Database);
        return (store, store, new SqlMessageTransport(database.Database));
    }

    protected override IEventStore CreatePeerStore() => new SqlEventStore(database!.Database);

    public override Task DisposeAsync() => database?.DisposeAsync().AsTask() ?? Task.CompletedTask;
}

public sealed class SqlServerMessageProcessorConformance : MessageProcessorConformance
{
    private ITestDatabase? database;

    protected override async Task<IMessageTransport> CreateTransportAsync() =>
        new SqlMessageTransport((database = await SqlServerTestDatabase.CreateAsync()).Database);

    protected override IMessageLog CreateMessageLog() => new SqlMessageLog(database!.Database);

    public override Task DisposeAsync() => database?.DisposeAsync().AsTask() ?? Task.CompletedTask;
}

public sealed class SqlServerMessageLogConformance : MessageLogConformance
{
    private ITestDatabase? database;

    protected override async Task<IMessageLog> CreateAsync() => new SqlMessageLog((database = await SqlServerTestDatabase.CreateAsync()).Database);

    protected override IMessageLog CreatePeer() => new SqlMessageLog(database!.Database);

    public override Task DisposeAsync() => database?.DisposeAsync().AsTask() ?? Task.CompletedTask;
}

public sealed class SqlServerBlobStorageConformance : BlobStorageConformance
{
    private ITestDatabase? database;

    protected override async Task<IBlobStorage> CreateAsync() => new SqlBlobStorage((database = await SqlServerTestDatabase.CreateAsync()).Database, TimeProvider.System);

    public override Task DisposeAsync() => database?.DisposeAsync().AsTask() ?? Task.CompletedTask;
}

public sealed class SqlServerOrderedPartitionConformance : OrderedPartitionConformance
{
    private static readonly SqlTransportOptions Ordered = new() { OrderedPartitions = true };
    private ITestDatabase? database;

    protected override async Task<IMessageTransport> CreateTransportAsync(TimeProvider clock) =>
        new SqlMessageTransport((database = await SqlServerTestDatabase.CreateAsync()).Database, clock, Ordered);

    protected override IMessageTransport CreatePeerTransport(TimeProvider clock) => new SqlMessageTransport(database!.Database, clock, Ordered);

    public override Task DisposeAsync() => database?.DisposeAsync().AsTask() ?? Task.CompletedTask;
}
