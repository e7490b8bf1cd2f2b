using Infrastructure.Conformance;
using Infrastructure.MessageLog;
using Infrastructure.Messaging;
using Infrastructure.Sql.MessageLog;
using Infrastructure.Sql.Messaging;

namespace Infrastructure.Sql.Tests;

/// <summary>
/// The SQL transport writing the message log in the send's transaction: each message enqueued is logged
/// once, as the log subscription's writer would log it, and no copy is queued for that subscription,
/// while a sender without the option (a site) still queues the copy for the writer.
/// </summary>
public abstract class MessageLogOnSendSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private ITestDatabase database = null!;
    private SqlMessageTransport transport = null!;

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        database = await CreateDatabaseAsync();
        transport = new SqlMessageTransport(database.Database, options: new SqlTransportOptions { MessageLogOnSend = new SqlMessageLogOnSend(TestTopology.Value, TestTopology.Log) });
        await transport.Topology.EnsureTopologyAsync(TestTopology.Value, default);
    }

    public Task DisposeAsync() => database.DisposeAsync().AsTask();

    [Fact]
    public async Task when_a_message_is_sent_to_a_topic_with_a_log_subscription_then_it_is_logged_with_its_fields_and_no_copy_waits_for_the_log()
    {
        var message = TestTopology.Message("A", body: """{"n":1}""") with { SourceId = "order-1", Version = 3, CorrelationId = "c-1" };

        await transport.CreateSender(TestTopology.Events).SendAsync([message], default);

        var entry = Assert.Single(await LogAsync());
        Assert.Equal((message.MessageId, TestTopology.Events, "Event", "A", "order-1", 3, "c-1", """{"n":1}"""),
            (entry.MessageId, entry.Topic, entry.Kind, entry.TypeName, entry.SourceId, entry.Version, entry.CorrelationId, entry.Payload));
        Assert.Null(await transport.CreateReceiver(TestTopology.Events, TestTopology.Log).ReceiveAsync(TimeSpan.Zero, default));
        var copy = await transport.CreateReceiver(TestTopology.Events, TestTopology.All).ReceiveAsync(Wait, default);
        Assert.Equal(message.MessageId, copy?.Message.MessageId);
    }

    [Fact]
    public async Task when_the_same_message_is_sent_twice_then_it_is_logged_once()
    {
        var message = TestTopology.Message("B");
        var sender = transport.CreateSender(TestTopology.Events);

        await sender.SendAsync([message], default);
        await sender.SendAsync([message, TestTopology.Message("B")], default);

        Assert.Equal(2, (await LogAsync()).Count);
        Assert.Single((await LogAsync()), e => e.MessageId == message.MessageId);
    }

    [Fact]
    public async Task when_a_topic_has_no_log_subscription_then_nothing_is_logged()
    {
        await transport.CreateSender(TestTopology.Commands).SendAsync([TestTopology.Message("A")], default);

        Assert.Empty(await LogAsync());
        Assert.NotNull(await transport.CreateReceiver(TestTopology.Commands, TestTopology.All).ReceiveAsync(Wait, default));
    }

    [Fact]
    public async Task given_a_sender_without_the_option_when_it_sends_then_the_log_subscription_gets_its_copy_and_the_writer_logs_it_once()
    {
        var site = new SqlMessageTransport(database.Database);
        var message = TestTopology.Message("A");
        await site.CreateSender(TestTopology.Events).SendAsync([message], default);
        Assert.Empty(await LogAsync());

        var log = new SqlMessageLog(database.Database);
        var receiver = transport.CreateReceiver(TestTopology.Events, TestTopology.Log);
        var copy = await receiver.ReceiveAsync(Wait, default);
        Assert.NotNull(copy);
        await new MessageLogWriter(log, TestTopology.Value).HandleAsync(copy, default);
        await receiver.CompleteAsync(copy, default);

        Assert.Equal([message.MessageId], (await LogAsync()).Select(e => e.MessageId));
    }

    private async Task<List<MessageLogEntry>> LogAsync()
    {
        var entries = new List<MessageLogEntry>();
        await foreach (var entry in new SqlMessageLog(database.Database).ReadAsync(new MessageLogQuery(), default))
        {
            entries.Add(entry);
        }

        return entries;
    }
}

public sealed class SqliteMessageLogOnSendSpecs : MessageLogOnSendSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresMessageLogOnSendSpecs : MessageLogOnSendSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
