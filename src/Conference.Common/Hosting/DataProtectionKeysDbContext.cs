using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Conference.Common.Hosting;

/// <summary>
/// The sites' data-protection key ring in the relational database, so that every instance of a site
/// reads the cookies, antiforgery tokens and order-access tickets another instance wrote.
/// </summary>
public sealed class DataProtectionKeysDbContext(DbContextOptions<DataProtectionKeysDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public const string MigrationsHistoryTable = "__DataProtectionKeysMigrations";

    public const string TableName = "DataProtectionKeys";

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<DataProtectionKey>(e =>
        {
            e.ToTable(TableName);
            e.HasKey(x => x.Id);
        });
    }
}

[DbContext(typeof(DataProtectionKeysDbContext))]
[Migration("20261202000001_CreateDataProtectionKeys")]
public sealed class CreateDataProtectionKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateTable(
            name: DataProtectionKeysDbContext.TableName,
            columns: t => new
            {
                Id = t.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                FriendlyName = t.Column<string>(nullable: true),
                Xml = t.Column<string>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_" + DataProtectionKeysDbContext.TableName, x => x.Id));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable(DataProtectionKeysDbContext.TableName);
    }
}
