using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Xml;

namespace Conference.Common.Settings;

/// <summary>
/// Settings.xml as configuration, read by the XML configuration provider: each attribute becomes
/// <c>Conference:&lt;Element&gt;:&lt;Attribute&gt;</c>, each element the file lacks comes whole from the
/// embedded Settings.Template.xml (the defaults), and this source sits under every other one, so
/// environment variables (<c>Conference__Element__Attribute</c>), the command line and test hosts
/// override single values.
/// </summary>
public static partial class ConferenceSettingsFile
{
    /// <summary>Names the settings file (an environment variable, or any configuration key of that name).</summary>
    public const string Variable = "CONFERENCE_SETTINGS";

    public const string FileName = "Settings.xml";

    public const string TemplateName = "Settings.Template.xml";

    /// <summary>
    /// Adds the file named by <see cref="Variable"/>, else the nearest Settings.xml from
    /// <paramref name="searchFrom"/> (the working folder) upwards, else the template alone.
    /// </summary>
    public static IConfigurationManager AddConferenceSettings(this IConfigurationManager configuration, string? searchFrom = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var named = configuration[Variable];
        string? file;
        if (!string.IsNullOrWhiteSpace(named))
        {
            file = File.Exists(named) ? Path.GetFullPath(named) : throw new InvalidSettingException(Variable, $"names '{named}', which does not exist.");
        }
        else
        {
            file = Find(searchFrom ?? Directory.GetCurrentDirectory());
        }

        ((IConfigurationBuilder)configuration).AddConferenceSettingsFile(file);
        return configuration;
    }

    /// <summary>Adds <paramref name="file"/> (null: the template alone) under every source already added.</summary>
    public static IConfigurationBuilder AddConferenceSettingsFile(this IConfigurationBuilder builder, string? file)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Sources.Insert(0, new Source(file));
        return builder;
    }

    /// <summary>The nearest Settings.xml from <paramref name="folder"/> upwards, or null.</summary>
    public static string? Find(string folder)
    {
        for (var directory = new DirectoryInfo(folder); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Where the settings of <paramref name="configuration"/> came from, for the start-up log line.</summary>
    public static string Describe(IConfiguration configuration) =>
        (configuration as IConfigurationRoot)?.Providers.OfType<Provider>().LastOrDefault()?.Description ?? "configuration only";

    /// <summary>The template's text, e.g. for tests that write a variant of it.</summary>
    public static Stream OpenTemplate() =>
        typeof(ConferenceSettingsFile).Assembly.GetManifestResourceStream(TemplateName)
        ?? throw new InvalidOperationException($"{TemplateName} is not embedded in {typeof(ConferenceSettingsFile).Assembly.GetName().Name}.");

    private sealed class Source(string? file) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(file);
    }

    private sealed partial class Provider(string? file) : ConfigurationProvider
    {
        /// <summary>Elements that may repeat: one of them alone gets no index from the XML provider, so it is given index 0.</summary>
        private static readonly string[] RepeatedElements = ["Messaging:Topics:Topic", "EventSourcing:Publish"];

        public string Description => file ?? $"defaults ({TemplateName})";

        public override void Load()
        {
            IDictionary<string, string?> template;
            using (var stream = OpenTemplate())
            {
                template = XmlStreamConfigurationProvider.Read(stream, XmlDocumentDecryptor.Instance);
            }

            var settings = file is null ? new Dictionary<string, string?>() : ReadFile(file);
            var declared = settings.Keys.Select(Element).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in template.Where(e => !declared.Contains(Element(e.Key))).Concat(settings))
            {
                data[ConferenceOptions.Section + ConfigurationPath.KeyDelimiter + Indexed(key)] = value;
            }

            RefuseRepeatedNames(data);
            Data = data;
        }

        /// <summary>Two Subscription elements with one Name: the XML provider would index them under that name, and the binder lose them.</summary>
        private static void RefuseRepeatedNames(Dictionary<string, string?> data)
        {
            foreach (var key in data.Keys)
            {
                var match = RepeatedSubscription().Match(key);
                if (match.Success)
                {
                    var path = data.GetValueOrDefault($"{ConferenceOptions.Section}:Messaging:Topics:Topic:{match.Groups["topic"].Value}:Path");
                    throw new InvalidSettingException($"Topics/Topic[@Path='{path}']/Subscription[@Name='{match.Groups["name"].Value}']", "the subscription is declared more than once.");
                }
            }
        }

        private static IDictionary<string, string?> ReadFile(string path)
        {
            try
            {
                using var stream = File.OpenRead(path);
                return XmlStreamConfigurationProvider.Read(stream, XmlDocumentDecryptor.Instance);
            }
            catch (XmlException ex)
            {
                throw new InvalidSettingException(path, $"is not valid XML: {ex.Message}", ex);
            }
            catch (FormatException ex)
            {
                // The XML provider's refusal of a key given twice, e.g. two Subscription elements with one Name.
                throw new InvalidSettingException(path, ex.Message, ex);
            }
        }

        [GeneratedRegex(@"^Conference:Messaging:Topics:Topic:(?<topic>\d+):Subscription:(?<name>[^:]+):\d+:", RegexOptions.IgnoreCase)]
        private static partial Regex RepeatedSubscription();

        private static string Element(string key) => key.Split(ConfigurationPath.KeyDelimiter)[0];

        private static string Indexed(string key)
        {
            foreach (var element in RepeatedElements)
            {
                var prefix = element + ConfigurationPath.KeyDelimiter;
                if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                    && !int.TryParse(key[prefix.Length..].Split(ConfigurationPath.KeyDelimiter)[0], NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    return prefix + "0" + ConfigurationPath.KeyDelimiter + key[prefix.Length..];
                }
            }

            return key;
        }
    }
}
