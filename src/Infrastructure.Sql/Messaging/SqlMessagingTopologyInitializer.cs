using Infrastructure.Messaging;
using Infrastructure.Sql.Database;

namespace Infrastructure.Sql.Messaging;

/// <summary>Creates or updates the topic and subscription rows from settings. Subscriptions absent from settings are kept, with their messages.</summary>
internal sealed class SqlMessagingTopologyInitializer(SqlDatabase database) : IMessagingTopologyInitializer
{
    internal static string TopicSql(SqlDatabase database) =>
        database.Upsert("MessagingTopics", ["Name"], [("Name", "@name"), ("DuplicateDetectionWindowMs", "@window")], update: ["DuplicateDetectionWindowMs"]);

    internal static string SubscriptionSql(SqlDatabase database) => database.Upsert(
        "MessagingSubscriptions",
        ["Topic", "Name"],
        [("Topic", "@topic"), ("Name", "@name"), ("FilterKind", "@kind"), ("FilterTypeNames", "@names"),
            ("LockDurationMs", "@lock"), ("MaxDeliveryCount", "@max"), ("RequiresSession", "@ordered")],
        update: ["FilterKind", "FilterTypeNames", "LockDurationMs", "MaxDeliveryCount", "RequiresSession"]);

    public Task EnsureTopologyAsync(MessagingTopology topology, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topology);
        topology.Validate();
        return database.Retry.ExecuteAsync(
            async token =>
            {
                await using var connection = await database.OpenConnectionAsync(token);
                await using var transaction = await connection.BeginWriteAsync(token);
                foreach (var topic in topology.Topics)
                {
                    await using (var upsertTopic = connection.Command(TopicSql(database), transaction))
                    {
                        await upsertTopic
                            .With("name", topic.Path)
                            .With("window", (long)topic.DuplicateDetectionHistoryTimeWindow.TotalMilliseconds)
                            .ExecuteNonQueryAsync(token);
                    }

                    foreach (var subscription in topic.Subscriptions)
                    {
                        await using var upsertSubscription = connection.Command(SubscriptionSql(database), transaction);
                        await upsertSubscription
                            .With("topic", topic.Path)
                            .With("name", subscription.Name)
                            .With("kind", (int)subscription.Filter.Kind)
                            .With("names", "|" + string.Join("|", subscription.Filter.TypeNames) + "|")
                            .With("lock", (long)subscription.LockDuration.TotalMilliseconds)
                            .With("max", subscription.MaxDeliveryCount)
                            .With("ordered", subscription.RequiresSession)
                            .ExecuteNonQueryAsync(token);
                    }
                }

                await transaction.CommitAsync(token);
            },
            cancellationToken).AsTask();
    }
}
