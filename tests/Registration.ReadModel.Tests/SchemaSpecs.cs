using Microsoft.EntityFrameworkCore;
using Registration.ReadModel.Implementation;

namespace Registration.ReadModel.Tests;

/// <summary>The hand-written migration creates exactly what the model maps (there is no model snapshot to compare with).</summary>
public abstract class SchemaSpecs : ReadModelSpecs
{
    [Fact]
    public async Task given_the_migrated_read_database_when_compared_with_the_model_then_every_table_has_exactly_the_mapped_columns()
    {
        await using var context = new ConferenceRegistrationDbContext(Database.CreateOptions<ConferenceRegistrationDbContext>(ConferenceRegistrationDbContext.MigrationsHistoryTable));
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());

        foreach (var table in context.Model.GetRelationalModel().Tables)
        {
            var columns = await ColumnsAsync(context, table.Name);
            Assert.Equal(table.Columns.Select(c => c.Name).Order(StringComparer.Ordinal), columns.Order(StringComparer.Ordinal));
        }
    }

    private async Task<List<string>> ColumnsAsync(ConferenceRegistrationDbContext context, string table)
    {
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Database.IsPostgres
                ? "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @table"
                : "SELECT name FROM pragma_table_info(@table)";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "table";
            parameter.Value = table;
            command.Parameters.Add(parameter);
            var columns = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }

            return columns;
        }
        finally
        {
            await connection.CloseAsync();
        }
    }
}

public sealed class SqliteSchemaSpecs : SchemaSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresSchemaSpecs : SchemaSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
