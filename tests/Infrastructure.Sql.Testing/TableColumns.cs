using Microsoft.EntityFrameworkCore;

namespace Infrastructure.Sql.Testing;

/// <summary>Compares a migrated table with the model (hand-written migrations have no snapshot to compare with).</summary>
public static class TableColumns
{
    /// <summary>The columns <paramref name="context"/>'s model maps to the table of <paramref name="entityType"/>, and the columns that table has in the database.</summary>
    public static async Task<(List<string> Mapped, List<string> Actual)> ReadAsync(DbContext context, Type entityType)
    {
        ArgumentNullException.ThrowIfNull(context);
        var entity = context.Model.FindEntityType(entityType) ?? throw new ArgumentException($"{entityType.Name} is not mapped.", nameof(entityType));
        var table = entity.GetTableName()!;
        var mapped = context.Model.GetRelationalModel().FindTable(table, entity.GetSchema())!.Columns.Select(c => c.Name).Order(StringComparer.Ordinal).ToList();

        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" WHERE 1 = 0";
            await using var reader = await command.ExecuteReaderAsync();
            var actual = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).Order(StringComparer.Ordinal).ToList();
            return (mapped, actual);
        }
        finally
        {
            await connection.CloseAsync();
        }
    }
}
