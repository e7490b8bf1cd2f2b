using System.Data.Common;
using Infrastructure.Sql.Database;

namespace Benchmarks.Support;

/// <summary>
/// What the database itself does: one-row INSERT transactions per second from a number of clients,
/// measured in the same run as each figure, since machines differ by half or more.
/// </summary>
public static class RawCommitRate
{
    public static async Task<double> MeasureAsync(SqlDatabase database, int clients, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (!database.IsPostgres)
        {
            // The mode the stores' migrations set (and keep in the file): measured in another, the raw rate would be a fraction of the system's.
            await ExecuteAsync(database, "PRAGMA journal_mode=WAL");
        }

        var table = $"raw_insert_{Guid.NewGuid():N}";
        await ExecuteAsync(database, $"CREATE TABLE {table} (id TEXT PRIMARY KEY, body TEXT NOT NULL)");
        try
        {
            return await Throughput.MeasureAsync(clients, duration, async () =>
            {
                await using var connection = await database.OpenConnectionAsync(default);
                await using var transaction = await connection.BeginTransactionAsync();
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = $"INSERT INTO {table} (id, body) VALUES (@id, @body)";
                AddParameter(insert, "id", Guid.NewGuid().ToString());
                AddParameter(insert, "body", """{"amount":1}""");
                await insert.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
            });
        }
        finally
        {
            await ExecuteAsync(database, $"DROP TABLE {table}");
        }
    }

    private static async Task ExecuteAsync(SqlDatabase database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
