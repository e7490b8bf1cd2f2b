using System.Collections;
using Conference.Common.Settings;
using Infrastructure.Sql.Database;

namespace Conference.Processor.Tests;

internal static class TestSettings
{
    /// <summary>The environment that points a host at <paramref name="database"/>, as an operator would set it.</summary>
    public static Dictionary<string, string> EnvironmentFor(SqlDatabase database, string mailFolder) => new()
    {
        ["Conference__Database__Provider"] = database.IsPostgres ? "Postgres" : "Sqlite",
        ["Conference__Database__ConnectionString"] = database.ConnectionString,
        ["Conference__Email__PickupDirectory"] = mailFolder,

        // Sweep the unpublished-events queue often: a killed processor leaves events there.
        ["Conference__EventSourcing__ScanInterval"] = "00:00:01",
    };

    public static ConferenceSettings For(SqlDatabase database, string mailFolder) =>
        ConferenceSettingsReader.Read(null, new Hashtable(EnvironmentFor(database, mailFolder)));
}
