using Infrastructure.Sql.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Infrastructure.Sql.Messaging;

/// <summary>
/// Owns the transport's tables. They are reached only through the hand-written SQL of
/// <see cref="SqlMessageSender"/> and <see cref="SqlMessageReceiver"/>, so the context maps no entities;
/// it exists to apply the migration.
/// </summary>
public sealed class MessagingDbContext(DbContextOptions<MessagingDbContext> options) : DbContext(options)
{
    public const string MigrationsHistoryTable = "__MessagingMigrations";
}

[DbContext(typeof(MessagingDbContext))]
[Migration("20261122000001_CreateMessaging")]
public sealed class CreateMessaging : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.UseWriteAheadLogOnSqlite();

        migrationBuilder.CreateTable(
            name: "MessagingTopics",
            columns: table => new
            {
                Name = table.Column<string>(nullable: false),
                DuplicateDetectionWindowMs = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_MessagingTopics", x => x.Name));

        migrationBuilder.CreateTable(
            name: "MessagingSubscriptions",
            columns: table => new
            {
                Topic = table.Column<string>(nullable: false),
                Name = table.Column<string>(nullable: false),
                // 0 = all, 1 = TypeName IN (...), 2 = TypeName NOT IN (...); names stored as |A|B|.
                FilterKind = table.Column<int>(nullable: false),
                FilterTypeNames = table.Column<string>(nullable: false),
                LockDurationMs = table.Column<long>(nullable: false),
                MaxDeliveryCount = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_MessagingSubscriptions", x => new { x.Topic, x.Name }));

        // One row per message per subscription. VisibleAt is when it may next be received: the
        // scheduled time, the end of the current lock, or the end of an abandon back-off.
        migrationBuilder.CreateTable(
            name: "Messages",
            columns: table => new
            {
                Id = table.Identity(),
                Topic = table.Column<string>(nullable: false),
                Subscription = table.Column<string>(nullable: false),
                MessageId = table.Column<string>(nullable: false),
                CorrelationId = table.Column<string>(nullable: true),
                TypeName = table.Column<string>(nullable: false),
                SourceId = table.Column<string>(nullable: true),
                Version = table.Column<int>(nullable: true),
                PartitionKey = table.Column<string>(nullable: true),
                Body = table.Column<string>(nullable: false),
                EnqueuedAt = table.Column<long>(nullable: false),
                VisibleAt = table.Column<long>(nullable: false),
                ExpiresAt = table.Column<long>(nullable: false),
                DeliveryCount = table.Column<int>(nullable: false),
                LockToken = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Messages", x => x.Id));
        migrationBuilder.CreateIndex("IX_Messages_Receive", "Messages", ["Topic", "Subscription", "VisibleAt", "Id"]);

        migrationBuilder.CreateTable(
            name: "DeadLetters",
            columns: table => new
            {
                Id = table.Identity(),
                Topic = table.Column<string>(nullable: false),
                Subscription = table.Column<string>(nullable: false),
                MessageId = table.Column<string>(nullable: false),
                CorrelationId = table.Column<string>(nullable: true),
                TypeName = table.Column<string>(nullable: false),
                SourceId = table.Column<string>(nullable: true),
                Version = table.Column<int>(nullable: true),
                PartitionKey = table.Column<string>(nullable: true),
                Body = table.Column<string>(nullable: false),
                EnqueuedAt = table.Column<long>(nullable: false),
                ExpiresAt = table.Column<long>(nullable: false),
                DeliveryCount = table.Column<int>(nullable: false),
                Reason = table.Column<string>(nullable: false),
                ErrorDescription = table.Column<string>(nullable: true),
                DeadLetteredAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_DeadLetters", x => x.Id));
        migrationBuilder.CreateIndex("IX_DeadLetters_Subscription", "DeadLetters", ["Topic", "Subscription", "Id"]);

        // Message ids seen per topic within its duplicate-detection window.
        migrationBuilder.CreateTable(
            name: "MessageDuplicates",
            columns: table => new
            {
                Topic = table.Column<string>(nullable: false),
                MessageId = table.Column<string>(nullable: false),
                ExpiresAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_MessageDuplicates", x => new { x.Topic, x.MessageId }));
        migrationBuilder.CreateIndex("IX_MessageDuplicates_ExpiresAt", "MessageDuplicates", "ExpiresAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("MessageDuplicates");
        migrationBuilder.DropTable("DeadLetters");
        migrationBuilder.DropTable("Messages");
        migrationBuilder.DropTable("MessagingSubscriptions");
        migrationBuilder.DropTable("MessagingTopics");
    }
}

/// <summary>
/// Ordered partitions for subscriptions that require sessions: the subscription says so, a lock table
/// lets one delivery at a time hold a partition under a lease, and an index finds the messages queued
/// ahead of a candidate in its partition. Existing subscriptions start unordered until the topology
/// is ensured again from settings; pending messages are kept.
/// </summary>
[DbContext(typeof(MessagingDbContext))]
[Migration("20261202000001_AddOrderedPartitions")]
public sealed class AddOrderedPartitions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<bool>("RequiresSession", "MessagingSubscriptions", nullable: false, defaultValue: false);

        // One row per partition held or lately held; LockToken is that of the delivery holding it,
        // LockedUntil the end of its lease (the same instant as the message lock, renewed with it).
        migrationBuilder.CreateTable(
            name: "MessagePartitionLocks",
            columns: table => new
            {
                Topic = table.Column<string>(nullable: false),
                Subscription = table.Column<string>(nullable: false),
                PartitionKey = table.Column<string>(nullable: false),
                LockToken = table.Column<string>(nullable: false),
                LockedUntil = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_MessagePartitionLocks", x => new { x.Topic, x.Subscription, x.PartitionKey }));

        migrationBuilder.CreateIndex(
            "IX_Messages_Partition",
            "Messages",
            ["Topic", "Subscription", "PartitionKey", "Id"],
            filter: "\"PartitionKey\" IS NOT NULL");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropIndex("IX_Messages_Partition", "Messages");
        migrationBuilder.DropTable("MessagePartitionLocks");
        migrationBuilder.DropColumn("RequiresSession", "MessagingSubscriptions");
    }
}
