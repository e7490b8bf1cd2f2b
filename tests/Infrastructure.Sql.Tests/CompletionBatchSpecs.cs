using Infrastructure.Conformance;
using Infrastructure.Messaging;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Infrastructure.Sql.Tests;

/// <summary>
/// The SQL transport's batched completions: a completion handed over with the next claim is queued,
/// the message stays locked until the batch commits, a batch never deletes a message whose lock has
/// moved on, and disposing the transport commits what is pending.
/// </summary>
public abstract class CompletionBatchSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    // A window no spec waits for: only disposing the transport commits the batch.
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);

    private readonly TestClock clock = new();
    private ITestDatabase database = null!;

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        database = await CreateDatabaseAsync();
        await using var transport = Transport(TimeSpan.Zero);
        await transport.Topology.EnsureTopologyAsync(TestTopology.Value, default);
    }

    public Task DisposeAsync() => database?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    [SkippableFact]
    public async Task when_completions_are_handed_over_then_their_messages_stay_locked_until_the_batch_commits_them_all()
    {
        var transport = Transport(Never);
        await SendAsync(transport, "first", "second", "third");
        var receiver = transport.CreateReceiver(TestTopology.Commands, TestTopology.All);

        var first = await receiver.ReceiveAsync(Wait, default);
        var second = await receiver.CompleteAndReceiveNextAsync(first!, default);
        var third = await receiver.CompleteAndReceiveNextAsync(second!, default);
        var none = await receiver.CompleteAndReceiveNextAsync(third!, default);

        Assert.Equal(["first", "second", "third"], new[] { first, second, third }.Select(m => m!.Message.MessageId));
        Assert.Null(none);
        Assert.Equal(3, await QueuedAsync());
        Assert.Null(await Transport(TimeSpan.Zero).CreateReceiver(TestTopology.Commands, TestTopology.All).ReceiveAsync(TimeSpan.Zero, default));

        await transport.DisposeAsync();

        Assert.Equal(0, await QueuedAsync());
    }

    [SkippableFact]
    public async Task when_a_handed_over_completion_finds_its_lock_lapsed_then_the_batch_leaves_the_next_delivery_alone()
    {
        var transport = Transport(Never);
        await SendAsync(transport, "lapsed");
        var receiver = transport.CreateReceiver(TestTopology.Commands, TestTopology.All);
        var message = await receiver.ReceiveAsync(Wait, default);
        clock.AdvancePast(message!.LockedUntil);

        var again = await receiver.CompleteAndReceiveNextAsync(message, default);
        await transport.DisposeAsync();

        Assert.Equal(("lapsed", 2), (again?.Message.MessageId, again?.DeliveryCount));
        Assert.Equal(1, await QueuedAsync());
        await Transport(TimeSpan.Zero).CreateReceiver(TestTopology.Commands, TestTopology.All).CompleteAsync(again!, default);
        Assert.Equal(0, await QueuedAsync());
    }

    [SkippableFact]
    public async Task when_a_container_disposes_the_transport_synchronously_then_the_pending_completions_commit()
    {
        var services = new ServiceCollection()
            .AddSingleton<IMessageTransport>(_ => Transport(Never))
            .BuildServiceProvider();
        var transport = services.GetRequiredService<IMessageTransport>();
        await SendAsync(transport, "pending");
        var receiver = transport.CreateReceiver(TestTopology.Commands, TestTopology.All);
        Assert.Null(await receiver.CompleteAndReceiveNextAsync((await receiver.ReceiveAsync(Wait, default))!, default));

        services.Dispose();

        Assert.Equal(0, await QueuedAsync());
    }

    [SkippableFact]
    public async Task given_no_window_when_a_completion_is_handed_over_then_it_commits_at_once()
    {
        await using var transport = Transport(TimeSpan.Zero);
        await SendAsync(transport, "only");
        var receiver = transport.CreateReceiver(TestTopology.Commands, TestTopology.All);
        var message = await receiver.ReceiveAsync(Wait, default);

        Assert.Null(await receiver.CompleteAndReceiveNextAsync(message!, default));

        Assert.Equal(0, await QueuedAsync());
    }

    [SkippableFact]
    public void given_a_negative_window_then_the_transport_refuses_it_by_name()
    {
        var refused = Assert.Throws<ArgumentException>(() => Transport(TimeSpan.FromMilliseconds(-1)));

        Assert.Contains(nameof(SqlTransportOptions.CompletionBatchWindow), refused.Message, StringComparison.Ordinal);
    }

    private SqlMessageTransport Transport(TimeSpan window) =>
        new(database.Database, clock, new SqlTransportOptions { CompletionBatchWindow = window });

    private static Task SendAsync(IMessageTransport transport, params string[] messageIds) =>
        transport.CreateSender(TestTopology.Commands).SendAsync([.. messageIds.Select(id => TestTopology.Message(messageId: id))], default);

    private async Task<long> QueuedAsync()
    {
        await using var connection = await database.Database.OpenConnectionAsync(default);
        await using var count = connection.Command("""SELECT COUNT(*) FROM "Messages" WHERE "Topic" = @topic""");
        return Convert.ToInt64(await count.With("topic", TestTopology.Commands).ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

public sealed class SqliteCompletionBatchSpecs : CompletionBatchSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresCompletionBatchSpecs : CompletionBatchSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}

/// <summary>On SQL Server when CONFERENCE_TEST_SQLSERVER names one; reported skipped otherwise.</summary>
public sealed class SqlServerCompletionBatchSpecs : CompletionBatchSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqlServerTestDatabase.CreateAsync();
}
