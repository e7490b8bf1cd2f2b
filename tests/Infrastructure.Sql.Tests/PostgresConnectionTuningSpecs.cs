using Infrastructure.Sql.Database;
using Infrastructure.Sql.Testing;
using Npgsql;

namespace Infrastructure.Sql.Tests;

/// <summary>
/// PostgreSQL connections prepare the statements they run again and again (Npgsql's automatic
/// preparation), unless the connection string says how many to keep, zero included.
/// </summary>
public sealed class PostgresConnectionTuningSpecs
{
    private const string Server = "Host=127.0.0.1;Username=postgres;Database=conference";

    [Fact]
    public void given_a_connection_string_without_auto_prepare_when_the_database_is_made_then_it_prepares_automatically()
    {
        var database = new SqlDatabase(SqlProvider.Postgres, Server);
        Assert.Equal(SqlDatabase.AutoPreparedStatements, new NpgsqlConnectionStringBuilder(database.ConnectionString).MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Max Auto Prepare=0", 0)]
    [InlineData("MaxAutoPrepare=7", 7)]
    public void given_a_connection_string_choosing_auto_prepare_when_the_database_is_made_then_its_choice_stands(string setting, int expected)
    {
        var database = new SqlDatabase(SqlProvider.Postgres, Server + ";" + setting);
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(database.ConnectionString).MaxAutoPrepare);
    }

    [Fact]
    public async Task given_a_statement_run_many_times_when_its_connection_is_asked_then_the_server_holds_it_prepared()
    {
        await using var test = await PostgresTestDatabase.CreateAsync();
        const string statement = "SELECT COUNT(*) FROM \"MessagingTopics\" WHERE \"Name\" = @name";
        for (var run = 0; run < 10; run++)
        {
            await using var connection = await test.Database.OpenConnectionAsync(default);
            await using var command = connection.Command(statement);
            await command.With("name", "orders").ExecuteScalarAsync();
        }

        await using var asking = await test.Database.OpenConnectionAsync(default);
        await using var prepared = asking.Command("SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE '%\"MessagingTopics\"%'");
        Assert.True(Convert.ToInt64(await prepared.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }
}
