using Npgsql;

namespace Infrastructure.Benchmarks;

/// <summary>
/// Switches the throwaway server's durability for a round: fsync, synchronous_commit and
/// full_page_writes all on or all off (ALTER SYSTEM and a reload; scripts/postgres.sh writes them
/// off into postgresql.conf, which ALTER SYSTEM outranks), and back to the file's values at the end.
/// </summary>
public static class Durability
{
    private static readonly string[] Settings = ["fsync", "synchronous_commit", "full_page_writes"];

    public static async Task SetAsync(string admin, bool on)
    {
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            foreach (var setting in Settings)
            {
                await using var alter = new NpgsqlCommand($"ALTER SYSTEM SET {setting} = {(on ? "on" : "off")}", connection);
                await alter.ExecuteNonQueryAsync();
            }

            await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection);
            await reload.ExecuteNonQueryAsync();
        }

        await WaitForAsync(admin, on ? "on" : "off");
    }

    public static async Task ResetAsync(string admin)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var reset = new NpgsqlCommand("ALTER SYSTEM RESET ALL", connection);
        await reset.ExecuteNonQueryAsync();
        await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection);
        await reload.ExecuteNonQueryAsync();
    }

    /// <summary>The reload is asynchronous: waits until a new session sees the value.</summary>
    private static async Task WaitForAsync(string admin, string value)
    {
        var unpooled = new NpgsqlConnectionStringBuilder(admin) { Pooling = false }.ConnectionString;
        for (var attempt = 0; attempt < 500; attempt++)
        {
            await using var connection = new NpgsqlConnection(unpooled);
            await connection.OpenAsync();
            await using var show = new NpgsqlCommand("SHOW fsync", connection);
            if ((string?)await show.ExecuteScalarAsync() == value)
            {
                return;
            }

            await Task.Yield();
        }

        throw new InvalidOperationException($"The server did not take fsync = {value}.");
    }
}
