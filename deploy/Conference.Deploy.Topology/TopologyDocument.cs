using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using Conference.Common;
using Conference.Common.Settings;
using Infrastructure.Azure.Messaging;
using Microsoft.Extensions.Configuration;

namespace Conference.Deploy.Topology;

/// <summary>
/// The Service Bus entities of a settings file as the Bicep templates load them: each topic with its
/// duplicate detection, and every subscription (flat, since Bicep loops do not nest) with its lock,
/// delivery count, sessions and the very rule the transport would create; the tables and the blob container.
/// </summary>
public static class TopologyDocument
{
    /// <summary>Reads <paramref name="settingsFile"/> as the hosts do and returns the document's text.</summary>
    public static string FromSettingsFile(string settingsFile)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(settingsFile);
        var configuration = new ConfigurationBuilder().AddConferenceSettingsFile(Path.GetFullPath(settingsFile)).Build();
        return Write(ConferenceOptionsBinding.Bind(configuration), ConferenceSettings.Read(configuration));
    }

    public static string Write(ConferenceOptions options, ConferenceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        var topics = new JsonArray();
        var subscriptions = new JsonArray();
        foreach (var topic in settings.Topology.Topics)
        {
            topics.Add(new JsonObject
            {
                ["path"] = topic.Path,
                ["resourceName"] = ResourceName(topic.Path),
                ["duplicateDetectionHistoryTimeWindow"] = XmlConvert.ToString(topic.DuplicateDetectionHistoryTimeWindow),
            });
            foreach (var subscription in topic.Subscriptions)
            {
                subscriptions.Add(new JsonObject
                {
                    ["topicResourceName"] = ResourceName(topic.Path),
                    ["name"] = subscription.Name,
                    ["lockDuration"] = XmlConvert.ToString(subscription.LockDuration),
                    ["maxDeliveryCount"] = subscription.MaxDeliveryCount,
                    ["requiresSession"] = subscription.RequiresSession,
                    ["ruleName"] = ServiceBusTopology.RuleName,
                    ["sqlExpression"] = ServiceBusTopology.RuleExpression(subscription),
                });
            }
        }

        var document = new JsonObject
        {
            ["comment"] = "Generated from Settings.Template.xml by deploy/Conference.Deploy.Topology; do not edit (deploy/README.md).",
            ["topics"] = topics,
            ["subscriptions"] = subscriptions,

            // The Table Storage tables known ahead (the published aggregate types' event streams and the message log);
            // the stores create any other on first use.
            ["tables"] = new JsonArray([
                .. settings.EventPublishing.TopicsBySourceType.Keys.Order(StringComparer.Ordinal).Select(type => JsonValue.Create(options.EventStore.TablePrefix + type)),
                JsonValue.Create(options.MessageLog.TableName),
                JsonValue.Create(options.MessageLog.TableName + "Ids"),
            ]),
            ["blobContainer"] = options.Blobs.Container,
        };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    /// <summary>Azure Resource Manager reserves '/' in resource names; the Service Bus provider takes '~' in its place.</summary>
    public static string ResourceName(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Replace('/', '~');
    }
}
