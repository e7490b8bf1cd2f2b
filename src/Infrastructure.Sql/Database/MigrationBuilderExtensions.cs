using Microsoft.EntityFrameworkCore.Migrations;

namespace Infrastructure.Sql.Database;

/// <summary>Provider-neutral pieces of the hand-written migrations of every store.</summary>
public static class MigrationBuilderExtensions
{
    /// <summary>SQLite keeps readers and a writer apart with a write-ahead log; PostgreSQL and SQL Server need nothing.</summary>
    public static void UseWriteAheadLogOnSqlite(this MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            migrationBuilder.Sql("PRAGMA journal_mode=WAL;", suppressTransaction: true);
        }
    }
}
