using Infrastructure.Sql.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Infrastructure.Sql.Outbox;

/// <summary>Maps and creates the pending-events table of a store that publishes integration events through an outbox.</summary>
public static class EventOutboxModel
{
    public const string DefaultTable = "PendingEvents";

    public static ModelBuilder MapPendingEvents(this ModelBuilder modelBuilder, string table = DefaultTable)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<PendingEvent>(e =>
        {
            e.ToTable(table);
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.HasIndex(x => x.SourceId);
        });
        return modelBuilder;
    }

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
}
