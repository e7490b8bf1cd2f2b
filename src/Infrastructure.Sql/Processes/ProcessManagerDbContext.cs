using Infrastructure.Processes;
using Infrastructure.Sql.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Infrastructure.Sql.Processes;

/// <summary>Commands a process manager decided to send, saved with its state and deleted once sent (the outbox).</summary>
public sealed class UndispatchedMessages
{
    public Guid Id { get; set; }

    /// <summary>JSON array of <see cref="UndispatchedCommand"/>.</summary>
    public required string Commands { get; set; }
}

public sealed record UndispatchedCommand(
    string TypeName,
    string Body,
    string? MessageId,
    string? CorrelationId,
    string? PartitionKey,
    long DelayMs,
    long? TimeToLiveMs);

/// <summary>
/// Base of the EF Core contexts that persist process managers: adds the <c>UndispatchedMessages</c>
/// outbox. Derived contexts map their process manager with <see cref="MapProcessManager{T}"/>.
/// </summary>
public abstract class ProcessManagerDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>Shadow property used as the optimistic-concurrency token of every process manager row.</summary>
    public const string ConcurrencyVersion = "ConcurrencyVersion";

    public DbSet<UndispatchedMessages> UndispatchedMessages => Set<UndispatchedMessages>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<UndispatchedMessages>(e =>
        {
            e.ToTable("UndispatchedMessages");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
        });
    }

    protected static void MapProcessManager<T>(ModelBuilder modelBuilder, string table) where T : class, IProcessManager
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<T>(e =>
        {
            e.ToTable(table);
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Ignore(x => x.Commands);
            e.Property<int>(ConcurrencyVersion).IsConcurrencyToken();
        });
    }
}

public static class ProcessManagerMigrations
{
    public static void CreateUndispatchedMessagesTable(this MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.UseWriteAheadLogOnSqlite();
        migrationBuilder.CreateTable(
            name: "UndispatchedMessages",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Commands = t.Column<string>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_UndispatchedMessages", x => x.Id));
    }
}
