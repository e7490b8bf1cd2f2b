using System.Collections.Concurrent;
using System.Data.Common;
using Infrastructure.Resilience;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;

namespace Infrastructure.Sql.Database;

public enum SqlProvider
{
    Sqlite,
    Postgres,

    /// <summary>SQL Server or Azure SQL Database.</summary>
    SqlServer,
}

/// <summary>
/// One relational database (SQLite file, PostgreSQL or SQL Server / Azure SQL): opens tuned connections, configures
/// EF Core contexts for it, knows its transient errors and the few places its SQL dialect differs.
/// </summary>
public sealed partial class SqlDatabase
{
    private static readonly ConcurrentDictionary<string, NpgsqlDataSource> DataSources = new(StringComparer.Ordinal);

    public SqlDatabase(SqlProvider provider, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Provider = provider;
        ConnectionString = provider switch
        {
            SqlProvider.Sqlite => TuneSqlite(connectionString),
            SqlProvider.Postgres => TunePostgres(connectionString),
            _ => connectionString,
        };
        Retry = ResiliencePipelines.TransientFaults(IsTransient);
    }

    public SqlProvider Provider { get; }

    public string ConnectionString { get; }

    public bool IsPostgres => Provider == SqlProvider.Postgres;

    /// <summary>Whether <paramref name="other"/> is this same database (a store there may write in this one's transactions).</summary>
    public bool IsSameAs(SqlDatabase other) =>
        Provider == other.Provider && string.Equals(ConnectionString, other.ConnectionString, StringComparison.Ordinal);

    public bool IsSqlServer => Provider == SqlProvider.SqlServer;

    /// <summary>Retries transient faults (SQLite busy/locked, PostgreSQL and SQL Server transient errors) with jittered back-off.</summary>
    public ResiliencePipeline Retry { get; }

    /// <summary>Reads the provider name of settings ("Sqlite", "Postgres"/"PostgreSQL"/"Npgsql" or "SqlServer"/"AzureSql").</summary>
    public static SqlDatabase FromSettings(string? provider, string? connectionString, string settingPrefix)
    {
        var kind = provider?.Trim().ToUpperInvariant() switch
        {
            null or "" or "SQLITE" => SqlProvider.Sqlite,
            "POSTGRES" or "POSTGRESQL" or "NPGSQL" => SqlProvider.Postgres,
            "SQLSERVER" or "AZURESQL" or "MSSQL" => SqlProvider.SqlServer,
            _ => throw new InvalidSettingException(settingPrefix + ".Provider", $"'{provider}' is not a supported database provider; use Sqlite, Postgres or SqlServer."),
        };
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidSettingException(settingPrefix + ".ConnectionString", "is required.");
        }

        try
        {
            if (kind == SqlProvider.SqlServer)
            {
                ValidateSqlServer(connectionString);
            }

            return new SqlDatabase(kind, connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidSettingException(settingPrefix + ".ConnectionString", ex.Message, ex);
        }
    }

    /// <summary>A SQL Server connection string names a server and a database (the stores are never created in master).</summary>
    private static void ValidateSqlServer(string connectionString)
    {
        SqlConnectionStringBuilder builder;
        try
        {
            builder = new SqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ArgumentException($"is not a SQL Server connection string: {ex.Message}", ex);
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new ArgumentException("names no server: add Server=<host> (Azure SQL: Server=tcp:<name>.database.windows.net,1433).");
        }

        if (string.IsNullOrWhiteSpace(builder.InitialCatalog) || string.Equals(builder.InitialCatalog, "master", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("names no database: add Database=<name> (not master).");
        }
    }

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (IsPostgres)
        {
            return await DataSources.GetOrAdd(ConnectionString, cs => NpgsqlDataSource.Create(cs)).OpenConnectionAsync(cancellationToken);
        }

        if (IsSqlServer)
        {
            var server = new SqlConnection(ConnectionString);
            try
            {
                await server.OpenAsync(cancellationToken);
                return server;
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }

        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await SqliteConnectionTuning.ApplyAsync(connection, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Configures an EF Core context for this database, with its own migrations history table.</summary>
    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, string migrationsHistoryTable)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (IsPostgres)
        {
            builder.UseNpgsql(ConnectionString, o => o.MigrationsHistoryTable(migrationsHistoryTable));
        }
        else if (IsSqlServer)
        {
            builder.UseSqlServer(ConnectionString, o => o.MigrationsHistoryTable(migrationsHistoryTable))
                .ReplaceService<IMigrationsSqlGenerator, SqlServerKeyColumnsMigrationsSqlGenerator>();
        }
        else
        {
            builder.UseSqlite(ConnectionString, o => o.MigrationsHistoryTable(migrationsHistoryTable))
                .AddInterceptors(SqliteConnectionTuning.Interceptor);
        }

        // Migrations are written by hand (the EF design-time package is unavailable), so there is no
        // model snapshot to compare with; the round-trip tests check that the model and tables agree.
        // A failed save or command always reaches its caller, which either settles it (a lost race on a
        // version or a unique key, retried against the newer state) or lets it surface with its own
        // log entry; EF's own error entry would print each resolved race as an error with its stack.
        return builder.ConfigureWarnings(w => w
            .Ignore(RelationalEventId.PendingModelChangesWarning)
            .Log(
                (CoreEventId.SaveChangesFailed, LogLevel.Debug),
                (CoreEventId.OptimisticConcurrencyException, LogLevel.Debug),
                (RelationalEventId.CommandError, LogLevel.Debug)));
    }

    public DbContextOptions<TContext> CreateOptions<TContext>(string migrationsHistoryTable) where TContext : DbContext =>
        (DbContextOptions<TContext>)Configure(new DbContextOptionsBuilder<TContext>(), migrationsHistoryTable).Options;

    public static bool IsTransient(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6, // SQLITE_BUSY, SQLITE_LOCKED
        PostgresException pg => pg.IsTransient || pg.SqlState is "40001" or "40P01",
        NpgsqlException npgsql => npgsql.IsTransient,
        SqlException sql => sql.Errors.Cast<SqlError>().Any(e => SqlServerTransientErrors.Contains(e.Number)),
        DbUpdateException { InnerException: { } inner } => IsTransient(inner),
        _ => false,
    };

    public static bool IsUniqueViolation(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 1555 or 2067, // PRIMARYKEY, UNIQUE
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqlException sql => sql.Errors.Cast<SqlError>().Any(e => e.Number is 2627 or 2601), // unique constraint, unique index
        DbUpdateException { InnerException: { } inner } => IsUniqueViolation(inner),
        _ => false,
    };

    /// <summary>
    /// Errors SQL Server and Azure SQL report for conditions that pass (deadlock victim, lock timeout,
    /// failover, throttling, a connection dropped, a timeout): the numbers EF Core's
    /// SqlServerRetryingExecutionStrategy retries (it keeps its list in an internal type), and 1222.
    /// </summary>
    internal static readonly IReadOnlySet<int> SqlServerTransientErrors = new HashSet<int>
    {
        -2, 20, 64, 121, 233, 1205, 1222, 4060, 4221, 10053, 10054, 10060, 10928, 10929, 10936, 40143, 40197, 40501,
        40540, 40613, 41301, 41302, 41305, 41325, 41839, 42108, 42109, 49918, 49919, 49920,
    };

    /// <summary>
    /// Npgsql's automatic preparation, unless the connection string chose otherwise: the transport's
    /// and the event store's statements (a send is one <c>WITH</c> of three statements) run thousands of
    /// times a second, and PostgreSQL parses and plans an unprepared one on every execution.
    /// </summary>
    private static string TunePostgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);

        // Npgsql's ContainsKey says whether a keyword exists, not whether it was given: read the keys as written.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(k => k.Replace(" ", string.Empty, StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase));
        if (!given)
        {
            builder.MaxAutoPrepare = AutoPreparedStatements;
        }

        return builder.ToString();
    }

    /// <summary>How many statements each PostgreSQL connection keeps prepared (Npgsql evicts the least used).</summary>
    public const int AutoPreparedStatements = 100;

    private static string TuneSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DefaultTimeout == new SqliteConnectionStringBuilder().DefaultTimeout)
        {
            // Busy retries are handled by the provider until this many seconds pass.
            builder.DefaultTimeout = 30;
        }

        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        return builder.ToString();
    }
}
