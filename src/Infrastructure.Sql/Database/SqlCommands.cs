using System.Data;
using System.Data.Common;

namespace Infrastructure.Sql.Database;

/// <summary>Small helpers for the hand-written SQL of the hot paths.</summary>
internal static class SqlCommands
{
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    public static string? GetNullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static int? GetNullableInt32(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToInt32(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads MessageId, CorrelationId, TypeName, SourceId, Version, PartitionKey, Body from consecutive columns starting at <paramref name="first"/>.</summary>
    public static Infrastructure.Messaging.TransportMessage GetTransportMessage(this DbDataReader reader, int first) => new()
    {
        MessageId = reader.GetString(first),
        CorrelationId = reader.GetNullableString(first + 1),
        TypeName = reader.GetString(first + 2),
        SourceId = reader.GetNullableString(first + 3),
        Version = reader.GetNullableInt32(first + 4),
        PartitionKey = reader.GetNullableString(first + 5),
        Body = reader.GetString(first + 6),
    };

    public static long GetInt64Value(this DbDataReader reader, int ordinal) =>
        Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public static int GetInt32Value(this DbDataReader reader, int ordinal) =>
        Convert.ToInt32(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<DbTransaction> BeginWriteAsync(this DbConnection connection, CancellationToken cancellationToken) =>
        // SQLite: Microsoft.Data.Sqlite begins IMMEDIATE (takes the write lock up front), avoiding upgrade deadlocks.
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

    public static long ToUnixMs(this DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
