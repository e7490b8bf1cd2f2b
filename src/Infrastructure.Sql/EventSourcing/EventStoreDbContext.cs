using Infrastructure.Sql.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Infrastructure.Sql.EventSourcing;

/// <summary>Owns the event store's tables; <see cref="SqlEventStore"/> reaches them with hand-written SQL.</summary>
public sealed class EventStoreDbContext(DbContextOptions<EventStoreDbContext> options) : DbContext(options)
{
    public const string MigrationsHistoryTable = "__EventStoreMigrations";
}

[DbContext(typeof(EventStoreDbContext))]
[Migration("20261122000001_CreateEventStore")]
public sealed class CreateEventStore : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.UseWriteAheadLogOnSqlite();
        foreach (var table in new[] { "Events", "UnpublishedEvents" })
        {
            // The key (stream, version) is the optimistic-concurrency check: a second writer of the same version fails.
            migrationBuilder.CreateTable(
                name: table,
                columns: t => new
                {
                    SourceType = t.Column<string>(nullable: false),
                    SourceId = t.Column<string>(nullable: false),
                    Version = t.Column<int>(nullable: false),
                    TypeName = t.Column<string>(nullable: false),
                    Payload = t.Column<string>(nullable: false),
                    CorrelationId = t.Column<string>(nullable: true),
                    CreatedAt = t.Column<long>(nullable: false),
                },
                constraints: t => t.PrimaryKey($"PK_{table}", x => new { x.SourceType, x.SourceId, x.Version }));
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("UnpublishedEvents");
        migrationBuilder.DropTable("Events");
    }
}
