using Infrastructure.Sql.Database;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit;

namespace Infrastructure.Sql.Testing;

/// <summary>A fresh, empty, migrated database for one test, removed afterwards.</summary>
public interface ITestDatabase : IAsyncDisposable
{
    SqlDatabase Database { get; }
}

public sealed class SqliteTestDatabase : ITestDatabase
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "conference-tests");
    private readonly string path;

    private SqliteTestDatabase(string path)
    {
        this.path = path;
        Database = new SqlDatabase(SqlProvider.Sqlite, $"Data Source={path}");
    }

    public SqlDatabase Database { get; }

    public static async Task<SqliteTestDatabase> CreateAsync()
    {
        var database = CreateEmpty();
        await MigrateAllAsync(database.Database);
        return database;
    }

    /// <summary>A database no migration has touched, for specs that migrate it step by step.</summary>
    public static SqliteTestDatabase CreateEmpty()
    {
        Directory.CreateDirectory(Folder);
        return new SqliteTestDatabase(Path.Combine(Folder, $"{Guid.NewGuid():N}.db"));
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearPool(new SqliteConnection(Database.ConnectionString));
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        return ValueTask.CompletedTask;
    }

    public static async Task MigrateAllAsync(SqlDatabase database)
    {
        await SqlMigrations.MigrateMessagingAsync(database, default);
        await SqlMigrations.MigrateEventStoreAsync(database, default);
        await SqlMigrations.MigrateMessageLogAsync(database, default);
        await SqlMigrations.MigrateBlobStorageAsync(database, default);
    }
}

/// <summary>A database of its own on the PostgreSQL server that ./test.sh starts (CONFERENCE_TEST_POSTGRES).</summary>
public sealed class PostgresTestDatabase : ITestDatabase
{
    public const string Variable = "CONFERENCE_TEST_POSTGRES";
    private readonly string admin;
    private readonly string name;

    private PostgresTestDatabase(string admin, string name)
    {
        this.admin = admin;
        this.name = name;
        Database = new SqlDatabase(SqlProvider.Postgres, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
    }

    public SqlDatabase Database { get; }

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{Variable} is not set: run the tests with ./test.sh, which starts PostgreSQL, or point it at a server.");

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var database = await CreateEmptyAsync();
        await SqliteTestDatabase.MigrateAllAsync(database.Database);
        return database;
    }

    /// <summary>A database no migration has touched, for specs that migrate it step by step.</summary>
    public static async Task<PostgresTestDatabase> CreateEmptyAsync()
    {
        var database = new PostgresTestDatabase(AdminConnectionString, $"conference_test_{Guid.NewGuid():N}");
        await using var connection = new NpgsqlConnection(database.admin);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// A database of its own on the SQL Server (or Azure SQL logical server) whose connection string, with
/// the right to create databases, is in <c>CONFERENCE_TEST_SQLSERVER</c>; without it the test calling
/// <see cref="CreateAsync"/> is reported skipped (it must be a [SkippableFact]), as no SQL Server runs here.
/// </summary>
public sealed class SqlServerTestDatabase : ITestDatabase
{
    public const string Variable = "CONFERENCE_TEST_SQLSERVER";
    private readonly string admin;
    private readonly string name;

    private SqlServerTestDatabase(string admin, string name)
    {
        this.admin = admin;
        this.name = name;
        Database = new SqlDatabase(SqlProvider.SqlServer, new SqlConnectionStringBuilder(admin) { InitialCatalog = name }.ConnectionString);
    }

    public SqlDatabase Database { get; }

    public static string? AdminConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static async Task<SqlServerTestDatabase> CreateAsync()
    {
        var database = await CreateEmptyAsync();
        await SqliteTestDatabase.MigrateAllAsync(database.Database);
        return database;
    }

    /// <summary>A database no migration has touched, for specs that migrate it step by step.</summary>
    public static async Task<SqlServerTestDatabase> CreateEmptyAsync()
    {
        Skip.If(AdminConnectionString is null, $"{Variable} is not set: there is no SQL Server to run this against.");
        var database = new SqlServerTestDatabase(AdminConnectionString!, $"conference_test_{Guid.NewGuid():N}");
        await using var connection = new SqlConnection(new SqlConnectionStringBuilder(database.admin) { InitialCatalog = "master" }.ConnectionString);
        await connection.OpenAsync();
        await using var create = new SqlCommand($"CREATE DATABASE [{database.name}]", connection);
        await create.ExecuteNonQueryAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        SqlConnection.ClearAllPools();
        await using var connection = new SqlConnection(new SqlConnectionStringBuilder(admin) { InitialCatalog = "master" }.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new SqlCommand(
            $"IF DB_ID(N'{name}') IS NOT NULL BEGIN ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}]; END",
            connection);
        await drop.ExecuteNonQueryAsync();
    }
}
