using Infrastructure.Conformance;
using Infrastructure.EventSourcing;
using Infrastructure.MessageLog;
using Infrastructure.Messaging;
using Infrastructure.Sql.EventSourcing;
using Infrastructure.Sql.MessageLog;
using Infrastructure.Sql.Messaging;

namespace Infrastructure.Sql.Tests;

/// <summary>
/// The SQL event store with the SQL transport in its own database: a save enqueues its events for the
/// subscriptions of their topic (and logs them) in its own transaction, leaves nothing in the virtual
/// queue, and a save that loses the race for its version enqueues nothing.
/// </summary>
public abstract class EventsPublishedOnSaveSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly Guid orderId = Guid.NewGuid();
    private ITestDatabase database = null!;
    private SqlMessageTransport transport = null!;
    private SqlEventStore store = null!;

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        database = await CreateDatabaseAsync();
        transport = new SqlMessageTransport(database.Database, options: new SqlTransportOptions { MessageLogOnSend = new SqlMessageLogOnSend(TestTopology.Value, TestTopology.Log) });
        await transport.Topology.EnsureTopologyAsync(TestTopology.Value, default);
        store = new SqlEventStore(database.Database, new SqlEventsPublishedOnSave(transport, new EventStoreBusPublisherOptions { DefaultTopic = TestTopology.Events }));
    }

    public Task DisposeAsync() => database.DisposeAsync().AsTask();

    [Fact]
    public async Task when_events_are_saved_then_each_subscription_of_their_topic_has_them_in_order_the_log_has_them_and_the_queue_is_empty()
    {
        await store.SaveAsync("Order", orderId, 0, [Event(1, "A"), Event(2, "B")], default);

        Assert.True(store.PublishesOnSave);
        Assert.Equal([(1, "A"), (2, "B")], await DrainAsync(TestTopology.All));
        Assert.Equal([(1, "A")], await DrainAsync(TestTopology.OnlyA));
        Assert.Equal([(2, "B")], await DrainAsync(TestTopology.NotA));
        Assert.Equal([MessageIds.ForVersionedEvent("A", orderId, 1), MessageIds.ForVersionedEvent("B", orderId, 2)], await LoggedAsync());
        Assert.Empty(await store.GetStreamsWithUnpublishedEventsAsync(default));
        Assert.Equal(2, (await store.LoadAsync("Order", orderId, 0, default)).Count);
    }

    [Fact]
    public async Task when_a_save_loses_the_race_for_its_version_then_it_enqueues_nothing()
    {
        await store.SaveAsync("Order", orderId, 0, [Event(1, "A", payload: """{"by":"first"}""")], default);

        await Assert.ThrowsAsync<ConcurrencyException>(() => store.SaveAsync("Order", orderId, 0, [Event(1, "A", payload: """{"by":"second"}"""), Event(2, "B")], default));

        var received = await DrainMessagesAsync(TestTopology.All, 1);
        Assert.Equal(["""{"by":"first"}"""], received);
        Assert.Empty(await DrainMessagesAsync(TestTopology.All, 0));
    }

    private StoredEvent Event(int version, string typeName, string payload = "{}") =>
        new("Order", orderId, version, typeName, payload, "correlation", DateTimeOffset.UtcNow);

    private async Task<List<(int, string)>> DrainAsync(string subscription)
    {
        var receiver = transport.CreateReceiver(TestTopology.Events, subscription);
        var received = new List<(int, string)>();
        while (await receiver.ReceiveAsync(received.Count == 0 ? Wait : TimeSpan.Zero, default) is { } message)
        {
            received.Add((message.Message.Version ?? 0, message.Message.TypeName));
            await receiver.CompleteAsync(message, default);
        }

        return received;
    }

    /// <summary>The bodies on <paramref name="subscription"/>, waiting for the first when <paramref name="expected"/> is above zero.</summary>
    private async Task<List<string>> DrainMessagesAsync(string subscription, int expected)
    {
        var receiver = transport.CreateReceiver(TestTopology.Events, subscription);
        var bodies = new List<string>();
        while (await receiver.ReceiveAsync(bodies.Count < expected ? Wait : TimeSpan.Zero, default) is { } message)
        {
            bodies.Add(message.Message.Body);
            await receiver.CompleteAsync(message, default);
        }

        return bodies;
    }

    private async Task<List<string>> LoggedAsync()
    {
        var ids = new List<string>();
        await foreach (var entry in new SqlMessageLog(database.Database).ReadAsync(new MessageLogQuery(), default))
        {
            ids.Add(entry.MessageId);
        }

        return ids;
    }
}

public sealed class SqliteEventsPublishedOnSaveSpecs : EventsPublishedOnSaveSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresEventsPublishedOnSaveSpecs : EventsPublishedOnSaveSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
