using Infrastructure.Sql.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Infrastructure.Sql.BlobStorage;

public sealed class BlobRow
{
    public required string Id { get; set; }

    public required string ContentType { get; set; }

    public required byte[] Blob { get; set; }

    public long UpdatedAt { get; set; }
}

public sealed class BlobStorageDbContext(DbContextOptions<BlobStorageDbContext> options) : DbContext(options)
{
    public const string MigrationsHistoryTable = "__BlobStorageMigrations";

    public DbSet<BlobRow> Blobs => Set<BlobRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<BlobRow>(e =>
        {
            e.ToTable("Blobs");
            e.HasKey(x => x.Id);
        });
    }
}

[DbContext(typeof(BlobStorageDbContext))]
[Migration("20261122000001_CreateBlobStorage")]
public sealed class CreateBlobStorage : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.UseWriteAheadLogOnSqlite();
        migrationBuilder.CreateTable(
            name: "Blobs",
            columns: t => new
            {
                Id = t.Column<string>(nullable: false),
                ContentType = t.Column<string>(nullable: false),
                Blob = t.Column<byte[]>(nullable: false),
                UpdatedAt = t.Column<long>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_Blobs", x => x.Id));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("Blobs");
    }
}
