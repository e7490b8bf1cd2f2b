using System.Collections;
using System.Globalization;
using System.Net.Mail;
using System.Reflection;
using System.Xml;
using System.Xml.Linq;
using Infrastructure;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Infrastructure.Sql.Database;
using Registration;

namespace Conference.Common.Settings;

/// <summary>
/// Reads the settings: Settings.xml (the file named by CONFERENCE_SETTINGS, else the first Settings.xml
/// found from the working folder upwards), each element missing from it taken from the embedded
/// Settings.Template.xml (the defaults: embedded SQLite), then environment variables named
/// <c>Conference__Element__Attribute</c> (e.g. <c>Conference__Database__ConnectionString</c>), which is
/// how Azure App Service passes settings. Anything invalid throws <see cref="InvalidSettingException"/>
/// naming the setting.
/// </summary>
public static class ConferenceSettingsReader
{
    public const string SettingsFileVariable = "CONFERENCE_SETTINGS";
    public const string EnvironmentPrefix = "Conference__";
    public const string FileName = "Settings.xml";

    public static ConferenceSettings Read() => Read(FindSettingsFile(Directory.GetCurrentDirectory()), Environment.GetEnvironmentVariables());

    public static ConferenceSettings Read(string? settingsFile, IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var explicitFile = environment[SettingsFileVariable] as string;
        if (!string.IsNullOrWhiteSpace(explicitFile))
        {
            if (!File.Exists(explicitFile))
            {
                throw new InvalidSettingException(SettingsFileVariable, $"names '{explicitFile}', which does not exist.");
            }

            settingsFile = explicitFile;
        }

        var root = Merge(settingsFile is null ? null : LoadFile(settingsFile), LoadTemplate());
        ApplyEnvironment(root, environment);
        return Parse(root, settingsFile ?? "defaults (Settings.Template.xml)");
    }

    public static XElement LoadTemplate()
    {
        using var stream = typeof(ConferenceSettingsReader).Assembly.GetManifestResourceStream("Settings.Template.xml")
            ?? throw new InvalidOperationException("Settings.Template.xml is not embedded in " + typeof(ConferenceSettingsReader).Assembly.GetName().Name);
        return XDocument.Load(stream).Root!;
    }

    /// <summary>The nearest Settings.xml from <paramref name="folder"/> upwards, or null.</summary>
    public static string? FindSettingsFile(string folder)
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

    private static XElement LoadFile(string path)
    {
        try
        {
            return XDocument.Load(path).Root ?? throw new InvalidSettingException(path, "is empty.");
        }
        catch (XmlException ex)
        {
            throw new InvalidSettingException(path, $"is not valid XML: {ex.Message}", ex);
        }
    }

    /// <summary>Top-level elements missing from the file come from the template.</summary>
    private static XElement Merge(XElement? file, XElement template)
    {
        if (file is null)
        {
            return template;
        }

        foreach (var element in template.Elements())
        {
            if (file.Element(element.Name) is null)
            {
                file.Add(new XElement(element));
            }
        }

        return file;
    }

    private static void ApplyEnvironment(XElement root, IDictionary environment)
    {
        foreach (var entry in environment.Cast<DictionaryEntry>().OrderBy(e => (string)e.Key, StringComparer.Ordinal))
        {
            var name = (string)entry.Key;
            if (!name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var path = name[EnvironmentPrefix.Length..].Split("__", StringSplitOptions.RemoveEmptyEntries);
            if (path.Length < 2)
            {
                throw new InvalidSettingException(name, "must name an element and an attribute, e.g. Conference__Database__ConnectionString.");
            }

            var element = root;
            foreach (var segment in path[..^1])
            {
                var child = element.Elements().FirstOrDefault(e => string.Equals(e.Name.LocalName, segment, StringComparison.OrdinalIgnoreCase));
                if (child is null)
                {
                    child = new XElement(segment);
                    element.Add(child);
                }

                element = child;
            }

            var attribute = element.Attributes().FirstOrDefault(a => string.Equals(a.Name.LocalName, path[^1], StringComparison.OrdinalIgnoreCase));
            element.SetAttributeValue(attribute?.Name ?? path[^1], entry.Value as string ?? string.Empty);
        }
    }

    private static ConferenceSettings Parse(XElement root, string source)
    {
        var database = root.Element("Database");
        var messaging = root.Element("Messaging") ?? throw new InvalidSettingException("Messaging", "is missing.");
        var transport = (string?)messaging.Attribute("Transport") ?? "Sql";
        if (!transport.Equals("Sql", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidSettingException("Messaging.Transport", $"'{transport}' is not supported here; use Sql.");
        }

        var topics = messaging.Element("Topics") ?? throw new InvalidSettingException("Messaging.Topics", "is missing.");
        var topology = MessagingTopology.FromXml(topics);
        topology.Validate();

        return new ConferenceSettings
        {
            Database = SqlDatabase.FromSettings((string?)database?.Attribute("Provider"), (string?)database?.Attribute("ConnectionString"), "Database"),
            Topology = topology,
            EventPublishing = ParseEventPublishing(root.Element("EventSourcing"), topology),
            MessageLogEnabled = Bool(root.Element("MessageLog"), "Enabled", "MessageLog.Enabled", true),
            Email = ParseEmail(root.Element("Email")),
            Registration = new RegistrationOptions
            {
                ReservationWindow = Duration(root.Element("Registration"), "ReservationWindow", "Registration.ReservationWindow", Registration.Orders.Order.ReservationAutoExpiration),
            },
            Source = source,
        };
    }

    private static EventStoreBusPublisherOptions ParseEventPublishing(XElement? eventSourcing, MessagingTopology topology)
    {
        var defaultTopic = (string?)eventSourcing?.Attribute("DefaultTopic") ?? "conference/events";
        RequireTopic(topology, defaultTopic, "EventSourcing.DefaultTopic");
        var topics = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var publish in eventSourcing?.Elements("Publish") ?? [])
        {
            var sourceType = (string?)publish.Attribute("SourceType");
            var topic = (string?)publish.Attribute("Topic");
            var name = $"EventSourcing.Publish[@SourceType='{sourceType}']";
            if (string.IsNullOrWhiteSpace(sourceType) || string.IsNullOrWhiteSpace(topic))
            {
                throw new InvalidSettingException(name, "needs both SourceType and Topic.");
            }

            RequireTopic(topology, topic, name + ".Topic");
            topics[sourceType] = topic;
        }

        return new EventStoreBusPublisherOptions
        {
            DefaultTopic = defaultTopic,
            TopicsBySourceType = topics,
            ScanInterval = Duration(eventSourcing, "ScanInterval", "EventSourcing.ScanInterval", TimeSpan.FromSeconds(10)),
        };
    }

    private static void RequireTopic(MessagingTopology topology, string topic, string settingName)
    {
        if (!topology.Topics.Any(t => t.Path == topic))
        {
            throw new InvalidSettingException(settingName, $"names topic '{topic}', which Messaging.Topics does not define.");
        }
    }

    private static EmailSettings ParseEmail(XElement? email)
    {
        var defaults = new EmailSettings();
        var deliveryText = (string?)email?.Attribute("Delivery") ?? nameof(EmailDelivery.Pickup);
        if (!Enum.TryParse<EmailDelivery>(deliveryText, ignoreCase: true, out var delivery) || !Enum.IsDefined(delivery))
        {
            throw new InvalidSettingException("Email.Delivery", $"'{deliveryText}' is not one of Pickup, Smtp.");
        }

        var from = (string?)email?.Attribute("From") ?? defaults.From;
        if (!MailAddress.TryCreate(from, out _))
        {
            throw new InvalidSettingException("Email.From", $"'{from}' is not an email address.");
        }

        var settings = new EmailSettings
        {
            Delivery = delivery,
            From = from,
            PickupDirectory = (string?)email?.Attribute("PickupDirectory") ?? defaults.PickupDirectory,
            SmtpHost = (string?)email?.Attribute("SmtpHost"),
            SmtpPort = Int(email, "SmtpPort", "Email.SmtpPort", defaults.SmtpPort),
            SmtpUserName = (string?)email?.Attribute("SmtpUserName"),
            SmtpPassword = (string?)email?.Attribute("SmtpPassword"),
            SmtpUseTls = Bool(email, "SmtpUseTls", "Email.SmtpUseTls", defaults.SmtpUseTls),
        };
        if (delivery == EmailDelivery.Smtp && string.IsNullOrWhiteSpace(settings.SmtpHost))
        {
            throw new InvalidSettingException("Email.SmtpHost", "is required when Email.Delivery is Smtp.");
        }

        return settings;
    }

    private static bool Bool(XElement? element, string attribute, string settingName, bool fallback)
    {
        var text = (string?)element?.Attribute(attribute);
        return text is null ? fallback
            : bool.TryParse(text, out var value) ? value
            : throw new InvalidSettingException(settingName, $"'{text}' is not true or false.");
    }

    private static int Int(XElement? element, string attribute, string settingName, int fallback)
    {
        var text = (string?)element?.Attribute(attribute);
        return text is null ? fallback
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value
            : throw new InvalidSettingException(settingName, $"'{text}' is not a positive whole number.");
    }

    private static TimeSpan Duration(XElement? element, string attribute, string settingName, TimeSpan fallback)
    {
        var text = (string?)element?.Attribute(attribute);
        return text is null ? fallback
            : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero ? value
            : throw new InvalidSettingException(settingName, $"'{text}' is not a positive duration (hh:mm:ss).");
    }
}
