using Infrastructure.Sql.Database;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Benchmarks.Support;

/// <summary>
/// A database made for one benchmark run and removed after it: a SQLite file in the temp folder, or a
/// PostgreSQL database created on the server named by an admin connection string.
/// </summary>
public sealed class BenchmarkDatabase : IAsyncDisposable
{
    private readonly Func<Task> cleanup;

    private BenchmarkDatabase(string label, SqlDatabase database, Func<Task> cleanup)
    {
        Label = label;
        Database = database;
        this.cleanup = cleanup;
    }

    /// <summary>The admin connection string of a PostgreSQL server to measure too (benchmarks/run.sh starts one), or null.</summary>
    public static string? PostgresAdmin => Environment.GetEnvironmentVariable("CONFERENCE_TEST_POSTGRES") is { Length: > 0 } admin ? admin : null;

    public string Label { get; }

    public SqlDatabase Database { get; }

    /// <summary>The provider's name as the settings spell it (<c>Conference__Database__Provider</c>).</summary>
    public string ProviderSetting => Database.Provider.ToString();

    /// <param name="keepFile">A SQLite path to keep after the run (for a look at its tables), or null for a temporary file.</param>
    public static BenchmarkDatabase Sqlite(string prefix, string? keepFile = null)
    {
        var file = keepFile ?? Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}.db");
        return new BenchmarkDatabase("SQLite", new SqlDatabase(SqlProvider.Sqlite, $"Data Source={file}"), () =>
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in keepFile is null ? [file, file + "-wal", file + "-shm"] : Array.Empty<string>())
            {
                File.Delete(path);
            }

            return Task.CompletedTask;
        });
    }

    public static async Task<BenchmarkDatabase> PostgresAsync(string admin, string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection).ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        return new BenchmarkDatabase("PostgreSQL", new SqlDatabase(SqlProvider.Postgres, connectionString), async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection).ExecuteNonQueryAsync();
        });
    }

    /// <summary>SQLite, then PostgreSQL when <see cref="PostgresAdmin"/> is set (saying so when it is not).</summary>
    public static async IAsyncEnumerable<BenchmarkDatabase> AllAsync(string prefix, string? keepSqliteFile = null)
    {
        yield return Sqlite(prefix, keepSqliteFile);
        if (PostgresAdmin is { } admin)
        {
            yield return await PostgresAsync(admin, prefix.Replace('-', '_'));
        }
        else
        {
            Console.WriteLine("(PostgreSQL skipped: set CONFERENCE_TEST_POSTGRES or use benchmarks/run.sh)");
        }
    }

    public async ValueTask DisposeAsync() => await cleanup();
}
