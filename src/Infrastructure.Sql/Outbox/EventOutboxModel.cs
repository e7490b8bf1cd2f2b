using Infrastructure.Sql.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Infrastructure.Sql.Outbox;

/// <summary>Maps, creates and upgrades the outbox table of a store that publishes integration events through <see cref="EventOutbox"/>.</summary>
public static class EventOutboxModel
{
    public const string DefaultTable = "PendingEvents";

    /// <summary>Maps <see cref="PendingEvent"/> to <paramref name="table"/>, indexed by source and version (the order rows are read in).</summary>
    public static ModelBuilder MapPendingEvents(this ModelBuilder modelBuilder, string table = DefaultTable)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<PendingEvent>(e =>
        {
            e.ToTable(table);
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.HasIndex(x => new { x.SourceId, x.Version });
        });
        return modelBuilder;
    }

    /// <summary>
    /// Creates the table in its first shape (no message id, partition key or creation time; a per-save
    /// position). Shipped migrations call this, so it must keep creating exactly that;
    /// <see cref="UpgradePendingEventsTable"/> brings it to the shape <see cref="MapPendingEvents"/> maps.
    /// A store that starts using the outbox runs both, in that order.
    /// </summary>
    public static void CreatePendingEventsTable(this MigrationBuilder migrationBuilder, string table = DefaultTable)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.UseWriteAheadLogOnSqlite();
        migrationBuilder.CreateTable(
            name: table,
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                SourceId = t.Column<Guid>(nullable: false),
                Position = t.Column<int>(nullable: false),
                TypeName = t.Column<string>(nullable: false),
                Body = t.Column<string>(nullable: false),
                CorrelationId = t.Column<string>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_" + table, x => x.Id));
        migrationBuilder.CreateIndex($"IX_{table}_SourceId", table, "SourceId");
    }

    /// <summary>
    /// Turns a table made by <see cref="CreatePendingEventsTable"/> into the shape <see cref="MapPendingEvents"/>
    /// maps, keeping its rows: they were published under their row id and partitioned by their source,
    /// so that is what their new columns say; their per-save position becomes the version, which
    /// sorts them before anything written afterwards.
    /// </summary>
    public static void UpgradePendingEventsTable(this MigrationBuilder migrationBuilder, string table)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropIndex($"IX_{table}_SourceId", table);
        migrationBuilder.RenameColumn("Position", table, "Version");
        migrationBuilder.AddColumn<string>("MessageId", table, nullable: false, defaultValue: string.Empty);
        migrationBuilder.AddColumn<string>("PartitionKey", table, nullable: false, defaultValue: string.Empty);
        migrationBuilder.AddColumn<long>("CreatedAt", table, nullable: false, defaultValue: 0L);
        migrationBuilder.Sql($"UPDATE \"{table}\" SET \"MessageId\" = {migrationBuilder.GuidText("Id")}");
        migrationBuilder.SetPartitionKeysToSourceIds(table);
        migrationBuilder.CreateIndex($"IX_{table}_SourceId_Version", table, ["SourceId", "Version"]);
    }

    /// <summary>Partitions existing rows by their source, as <see cref="EventOutbox"/> does by default.</summary>
    public static void SetPartitionKeysToSourceIds(this MigrationBuilder migrationBuilder, string table)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql($"UPDATE \"{table}\" SET \"PartitionKey\" = {migrationBuilder.GuidText("SourceId")}");
    }

    // Guid.ToString()'s form on every provider: SQLite keeps Guids as upper-case text, PostgreSQL as uuid,
    // SQL Server as uniqueidentifier (which has no TEXT cast).
    private static string GuidText(this MigrationBuilder migrationBuilder, string column) =>
        migrationBuilder.IsSqlServer()
            ? $"lower(CAST(\"{column}\" AS nvarchar(36)))"
            : $"lower(CAST(\"{column}\" AS TEXT))";
}
