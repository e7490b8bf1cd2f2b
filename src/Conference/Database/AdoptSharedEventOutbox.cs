using Infrastructure.Sql.Outbox;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Conference.Database;

/// <summary>
/// The outbox table takes the shape every outbox of the CRUD stores shares: the conference becomes
/// the rows' source, and a correlation id and a partition key are added. The rows left in it are
/// kept, partitioned by their conference as they were published before.
/// </summary>
[DbContext(typeof(ConferenceDbContext))]
[Migration("20261220000001_AdoptSharedEventOutbox")]
public sealed class AdoptSharedEventOutbox : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        const string table = ConferenceDbContext.OutboxTable;
        migrationBuilder.DropIndex($"IX_{table}_ConferenceId_Version", table);
        migrationBuilder.RenameColumn("ConferenceId", table, "SourceId");
        migrationBuilder.AddColumn<string>("CorrelationId", table, nullable: true);
        migrationBuilder.AddColumn<string>("PartitionKey", table, nullable: false, defaultValue: string.Empty);
        migrationBuilder.SetPartitionKeysToSourceIds(table);
        migrationBuilder.CreateIndex($"IX_{table}_SourceId_Version", table, ["SourceId", "Version"], unique: true);
    }
}
