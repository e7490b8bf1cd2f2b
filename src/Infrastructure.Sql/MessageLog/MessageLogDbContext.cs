using Infrastructure.Sql.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Infrastructure.Sql.MessageLog;

public sealed class MessageLogRow
{
    public long Id { get; set; }

    public required string MessageId { get; set; }

    public required string Topic { get; set; }

    public required string Kind { get; set; }

    public required string TypeName { get; set; }

    public string? SourceId { get; set; }

    public int? Version { get; set; }

    public string? CorrelationId { get; set; }

    public long EnqueuedAt { get; set; }

    public required string Payload { get; set; }
}

public sealed class MessageLogDbContext(DbContextOptions<MessageLogDbContext> options) : DbContext(options)
{
    public const string MigrationsHistoryTable = "__MessageLogMigrations";

    public DbSet<MessageLogRow> Messages => Set<MessageLogRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<MessageLogRow>(e =>
        {
            e.ToTable("MessageLog");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.Topic, x.MessageId }).IsUnique();
        });
    }
}

[DbContext(typeof(MessageLogDbContext))]
[Migration("20261122000001_CreateMessageLog")]
public sealed class CreateMessageLog : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.UseWriteAheadLogOnSqlite();
        migrationBuilder.CreateTable(
            name: "MessageLog",
            columns: t => new
            {
                Id = t.Identity(),
                MessageId = t.Column<string>(nullable: false),
                Topic = t.Column<string>(nullable: false),
                Kind = t.Column<string>(nullable: false),
                TypeName = t.Column<string>(nullable: false),
                SourceId = t.Column<string>(nullable: true),
                Version = t.Column<int>(nullable: true),
                CorrelationId = t.Column<string>(nullable: true),
                EnqueuedAt = t.Column<long>(nullable: false),
                Payload = t.Column<string>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_MessageLog", x => x.Id));
        migrationBuilder.CreateIndex("IX_MessageLog_Topic_MessageId", "MessageLog", ["Topic", "MessageId"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("MessageLog");
    }
}
