using System.Collections.Concurrent;
using System.Data.Common;
using Infrastructure.Resilience;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;

namespace Infrastructure.Sql.Database;

public enum SqlProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// One relational database (SQLite file or PostgreSQL server): opens tuned connections, configures
/// EF Core contexts for it, knows its transient errors and the few places its SQL dialect differs.
/// </summary>
public sealed class SqlDatabase
{
    private static readonly ConcurrentDictionary<string, NpgsqlDataSource> DataSources = new(StringComparer.Ordinal);

    public SqlDatabase(SqlProvider provider, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Provider = provider;
        ConnectionString = provider == SqlProvider.Sqlite ? TuneSqlite(connectionString) : connectionString;
        Retry = ResiliencePipelines.TransientFaults(IsTransient);
    }

    public SqlProvider Provider { get; }

    public string ConnectionString { get; }

    public bool IsPostgres => Provider == SqlProvider.Postgres;

    /// <summary>Retries transient faults (SQLite busy/locked, PostgreSQL transient errors) with jittered back-off.</summary>
    public ResiliencePipeline Retry { get; }

    /// <summary>Reads the provider name of settings ("Sqlite" or "Postgres"/"PostgreSQL"/"Npgsql").</summary>
    public static SqlDatabase FromSettings(string? provider, string? connectionString, string settingPrefix)
    {
        var kind = provider?.Trim().ToUpperInvariant() switch
        {
            null or "" or "SQLITE" => SqlProvider.Sqlite,
            "POSTGRES" or "POSTGRESQL" or "NPGSQL" => SqlProvider.Postgres,
            _ => throw new InvalidSettingException(settingPrefix + ".Provider", $"'{provider}' is not a supported database provider; use Sqlite or Postgres."),
        };
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidSettingException(settingPrefix + ".ConnectionString", "is required.");
        }

        try
        {
            return new SqlDatabase(kind, connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidSettingException(settingPrefix + ".ConnectionString", ex.Message, ex);
        }
    }

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (IsPostgres)
        {
            return await DataSources.GetOrAdd(ConnectionString, cs => NpgsqlDataSource.Create(cs)).OpenConnectionAsync(cancellationToken);
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
        DbUpdateException { InnerException: { } inner } => IsTransient(inner),
        _ => false,
    };

    public static bool IsUniqueViolation(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 1555 or 2067, // PRIMARYKEY, UNIQUE
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        DbUpdateException { InnerException: { } inner } => IsUniqueViolation(inner),
        _ => false,
    };

    /// <summary><c>FOR UPDATE SKIP LOCKED</c> where the database has row locks; SQLite serialises writers instead.</summary>
    public string SkipLocked => IsPostgres ? " FOR UPDATE SKIP LOCKED" : string.Empty;

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
