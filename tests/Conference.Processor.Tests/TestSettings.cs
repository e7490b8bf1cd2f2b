using System.Xml.Linq;
using Conference.Common.Settings;
using Infrastructure.Sql.Database;
using Microsoft.Extensions.Configuration;

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

    /// <summary>The settings a host reads from <paramref name="environment"/> (and the settings file it names, else the template).</summary>
    public static ConferenceSettings Read(IReadOnlyDictionary<string, string> environment) =>
        ConferenceSettings.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(v => KeyValuePair.Create(v.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), (string?)v.Value)))
            .AddConferenceSettingsFile(environment.GetValueOrDefault(ConferenceSettingsFile.Variable))
            .Build());

    /// <summary>The template with 5-second locks, written into <paramref name="folder"/>: messages a killed processor held come back quickly.</summary>
    public static string WriteWithShortLocks(string folder)
    {
        XElement settings;
        using (var template = ConferenceSettingsFile.OpenTemplate())
        {
            settings = XDocument.Load(template).Root!;
        }

        foreach (var subscription in settings.Descendants("Subscription"))
        {
            subscription.SetAttributeValue("LockDuration", "00:00:05");
        }

        var path = Path.Combine(folder, ConferenceSettingsFile.FileName);
        new XDocument(settings).Save(path);
        return path;
    }

    public static ConferenceSettings For(SqlDatabase database, string mailFolder) => Read(EnvironmentFor(database, mailFolder));
}
