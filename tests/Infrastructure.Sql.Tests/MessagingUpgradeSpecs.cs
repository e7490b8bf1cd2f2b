using Infrastructure.Conformance;
using Infrastructure.Messaging;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Infrastructure.Sql.Tests;

/// <summary>A transport database created before ordered partitions upgrades in place: what was queued is kept and delivered, in order where settings now ask for it.</summary>
public abstract class MessagingUpgradeSpecs : IAsyncLifetime
{
    private const string FirstMigration = "20261122000001_CreateMessaging";
    private ITestDatabase database = null!;

    protected abstract Task<ITestDatabase> CreateEmptyDatabaseAsync();

    public async Task InitializeAsync() => database = await CreateEmptyDatabaseAsync();

    public Task DisposeAsync() => database.DisposeAsync().AsTask();

    [Fact]
    public async Task given_messages_queued_before_ordered_partitions_when_the_database_is_migrated_and_the_topology_ensured_then_they_are_delivered_one_at_a_time_in_order()
    {
        await using (var context = new MessagingDbContext(database.Database.CreateOptions<MessagingDbContext>(MessagingDbContext.MigrationsHistoryTable)))
        {
            await context.GetService<IMigrator>().MigrateAsync(FirstMigration);
            await context.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO "MessagingTopics" ("Name", "DuplicateDetectionWindowMs") VALUES ({0}, 60000);
                INSERT INTO "MessagingSubscriptions" ("Topic", "Name", "FilterKind", "FilterTypeNames", "LockDurationMs", "MaxDeliveryCount")
                VALUES ({0}, {1}, 0, '||', 30000, 3);
                """,
                TestTopology.Ordered,
                TestTopology.All);
            foreach (var id in new[] { "old-1", "old-2" })
            {
                await context.Database.ExecuteSqlRawAsync(
                    """
                    INSERT INTO "Messages" ("Topic", "Subscription", "MessageId", "TypeName", "PartitionKey", "Body", "EnqueuedAt", "VisibleAt", "ExpiresAt", "DeliveryCount")
                    VALUES ({0}, {1}, {2}, 'A', 'p', '{{}}', 1, 1, {3}, 0)
                    """,
                    TestTopology.Ordered,
                    TestTopology.All,
                    id,
                    long.MaxValue);
            }
        }

        await SqlMigrations.MigrateMessagingAsync(database.Database, default);
        var transport = new SqlMessageTransport(database.Database, options: new SqlTransportOptions { OrderedPartitions = true });
        await transport.Topology.EnsureTopologyAsync(TestTopology.Value, default);
        var receiver = transport.CreateReceiver(TestTopology.Ordered, TestTopology.All);

        var first = await receiver.ReceiveAsync(Eventually.Patience, default);
        Assert.Equal("old-1", first?.Message.MessageId);
        Assert.Null(await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(300), default));
        await receiver.CompleteAsync(first!, default);
        Assert.Equal("old-2", (await receiver.ReceiveAsync(Eventually.Patience, default))?.Message.MessageId);
    }
}

public sealed class SqliteMessagingUpgradeSpecs : MessagingUpgradeSpecs
{
    protected override Task<ITestDatabase> CreateEmptyDatabaseAsync() => Task.FromResult<ITestDatabase>(SqliteTestDatabase.CreateEmpty());
}

public sealed class PostgresMessagingUpgradeSpecs : MessagingUpgradeSpecs
{
    protected override async Task<ITestDatabase> CreateEmptyDatabaseAsync() => await PostgresTestDatabase.CreateEmptyAsync();
}
