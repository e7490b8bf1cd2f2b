using System.Collections;
using Microsoft.Extensions.Configuration;

namespace Conference.Common.Settings;

/// <summary>
/// The settings a host would read given <paramref name="environment"/> as its environment variables:
/// for code that composes parts of a host in another process (the acceptance layer's helper hosts).
/// Hosts themselves use <see cref="ConferenceSettingsFile.AddConferenceSettings"/> and <see cref="ConferenceSettings.Read"/>.
/// </summary>
public static class ConferenceSettingsReader
{
    /// <param name="settingsFile">The settings file; <see cref="ConferenceSettingsFile.Variable"/> in <paramref name="environment"/> wins over it.</param>
    /// <param name="environment">Variable names and values; <c>Conference__Element__Attribute</c> become <c>Conference:Element:Attribute</c>, as the environment-variable provider maps them.</param>
    public static ConferenceSettings Read(string? settingsFile, IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var values = environment.Cast<DictionaryEntry>()
            .Select(e => KeyValuePair.Create(((string)e.Key).Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), e.Value as string))
            .Where(e => e.Key.StartsWith(ConferenceOptions.Section + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase) || e.Key == ConferenceSettingsFile.Variable);
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(values);
        if (string.IsNullOrWhiteSpace(configuration[ConferenceSettingsFile.Variable]))
        {
            ((IConfigurationBuilder)configuration).AddConferenceSettingsFile(settingsFile);
        }
        else
        {
            configuration.AddConferenceSettings();
        }

        return ConferenceSettings.Read(configuration);
    }
}
