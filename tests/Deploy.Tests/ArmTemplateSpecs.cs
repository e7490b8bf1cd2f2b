using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Conference.Common;
using Conference.Common.Settings;
using Conference.Deploy.Topology;
using Infrastructure.Sql.Database;
using Microsoft.Extensions.Configuration;

namespace Deploy.Tests;

/// <summary>What the compiled ARM template gives each app: its settings, its roles, the topology; and that it holds no secret.</summary>
public sealed partial class ArmTemplateSpecs(CompiledTemplate compiled) : IClassFixture<CompiledTemplate>
{
    private static readonly string[] Apps = ["public", "admin", "processor"];

    [Theory]
    [InlineData("public")]
    [InlineData("admin")]
    [InlineData("processor")]
    public void given_an_apps_settings_when_its_host_reads_them_then_it_runs_the_azure_profile_with_its_own_identity(string app)
    {
        var appSettings = AppSettings(app);

        var settings = ReadAsTheHostDoes(appSettings, "Postgres");

        Assert.NotNull(settings.ServiceBus);
        Assert.False(settings.ServiceBus.CreateTopology);
        Assert.Equal(SqlProvider.Postgres, settings.Database.Provider);
        foreach (var (name, value) in appSettings.Where(s => s.Key.EndsWith("__ManagedIdentityClientId", StringComparison.Ordinal)))
        {
            Assert.True(value.Contains($"'id-{{0}}-{app}'", StringComparison.Ordinal), $"{name} of the {app} app is not its own identity's: {value}");
        }

        Assert.Equal(SqlProvider.SqlServer, ReadAsTheHostDoes(appSettings, "SqlServer").Database.Provider);
        Assert.Contains(appSettings, s => s.Key == "APPLICATIONINSIGHTS_CONNECTION_STRING");
    }

    [Fact]
    public void given_the_public_site_then_it_gets_blob_storage_and_forwarded_headers()
    {
        var appSettings = AppSettings("public");
        var settings = ReadAsTheHostDoes(appSettings, "Postgres");

        Assert.NotNull(settings.AzureBlobStorage);
        Assert.Equal("true", appSettings["ForwardedHeaders__Enabled"]);
        Assert.DoesNotContain(appSettings.Keys, k => k.StartsWith("Conference__Email__", StringComparison.Ordinal) || k.StartsWith("Conference__EventStore__", StringComparison.Ordinal));
    }

    [Fact]
    public void given_the_management_site_then_it_gets_smtp_and_forwarded_headers()
    {
        var appSettings = AppSettings("admin");
        var settings = ReadAsTheHostDoes(appSettings, "Postgres");

        Assert.Equal(EmailDelivery.Smtp, settings.Email.Delivery);
        Assert.False(string.IsNullOrEmpty(settings.Email.SmtpPassword));
        Assert.Equal("true", appSettings["ForwardedHeaders__Enabled"]);
    }

    [Fact]
    public void given_the_processor_then_it_gets_table_and_blob_storage_smtp_and_a_health_endpoint()
    {
        var appSettings = AppSettings("processor");
        var settings = ReadAsTheHostDoes(appSettings, "Postgres");

        Assert.NotNull(settings.AzureTableEventStore);
        Assert.NotNull(settings.AzureTableMessageLog);
        Assert.NotNull(settings.AzureBlobStorage);
        Assert.Equal(EmailDelivery.Smtp, settings.Email.Delivery);
        Assert.Equal("http://+:8080", appSettings["Processor__HealthUrls"]);
        Assert.Equal("8080", appSettings["WEBSITES_PORT"]);
    }

    [Fact]
    public void given_the_apps_then_each_is_https_only_on_tls_1_2_without_ftp_with_a_health_check_and_always_on()
    {
        var sites = compiled.AllResources().Where(r => r["type"]!.GetValue<string>() == "Microsoft.Web/sites").ToList();
        Assert.Equal(3, sites.Count);
        foreach (var site in sites)
        {
            var config = site["properties"]!["siteConfig"]!;
            Assert.True(site["properties"]!["httpsOnly"]!.GetValue<bool>());
            Assert.Equal("1.2", config["minTlsVersion"]!.GetValue<string>());
            Assert.Equal("Disabled", config["ftpsState"]!.GetValue<string>());
            Assert.Equal("[parameters('healthCheckPath')]", config["healthCheckPath"]!.GetValue<string>());
            Assert.Equal("[parameters('instanceCount')]", config["numberOfWorkers"]!.GetValue<string>());
            Assert.Equal("[parameters('alwaysOn')]", config["alwaysOn"]!.GetValue<string>());
        }

        Assert.Contains(compiled.AllResources(), r => r["type"]!.GetValue<string>() == "Microsoft.Web/sites/basicPublishingCredentialsPolicies"
            && r["name"]!.GetValue<string>().EndsWith("'ftp')]", StringComparison.Ordinal) && r["properties"]!["allow"]!.GetValue<bool>() == false);
        foreach (var app in Apps)
        {
            Assert.Equal("/health", compiled.Argument($"site-{app}", "healthCheckPath").GetValue<string>());
            Assert.True(compiled.Argument($"site-{app}", "alwaysOn").GetValue<bool>());
        }

        Assert.Equal("[parameters('processorInstanceCount')]", compiled.Argument("site-processor", "instanceCount").GetValue<string>());
    }

    [Fact]
    public void given_the_service_bus_module_then_its_topology_is_the_settings_templates()
    {
        var expected = JsonNode.Parse(TopologyDocument.FromSettingsFile(Repository.SettingsTemplate))!;
        var topology = compiled.Argument("servicebus", "topology");

        Assert.True(JsonNode.DeepEquals(expected["topics"], topology["topics"]), "The topics differ from Settings.Template.xml.");
        Assert.True(JsonNode.DeepEquals(expected["subscriptions"], topology["subscriptions"]), "The subscriptions differ from Settings.Template.xml.");
        Assert.Contains(topology["subscriptions"]!.AsArray(), s => s!["requiresSession"]!.GetValue<bool>());
        Assert.All(topology["subscriptions"]!.AsArray(), s => Assert.Contains("ResubmittedTo", s!["sqlExpression"]!.GetValue<string>(), StringComparison.Ordinal));

        var resources = compiled.AllResources().ToList();
        var topic = resources.Single(r => r["type"]!.GetValue<string>() == "Microsoft.ServiceBus/namespaces/topics");
        Assert.Equal("[length(parameters('topology').topics)]", topic["copy"]!["count"]!.GetValue<string>());
        Assert.True(topic["properties"]!["requiresDuplicateDetection"]!.GetValue<bool>());
        Assert.Contains("duplicateDetectionHistoryTimeWindow", topic["properties"]!["duplicateDetectionHistoryTimeWindow"]!.GetValue<string>(), StringComparison.Ordinal);
        var subscription = resources.Single(r => r["type"]!.GetValue<string>() == "Microsoft.ServiceBus/namespaces/topics/subscriptions");
        Assert.Equal("[length(parameters('topology').subscriptions)]", subscription["copy"]!["count"]!.GetValue<string>());
        foreach (var property in new[] { "lockDuration", "maxDeliveryCount", "requiresSession" })
        {
            Assert.Contains($"subscriptions[copyIndex()].{property}", subscription["properties"]![property]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var rule = resources.Single(r => r["type"]!.GetValue<string>() == "Microsoft.ServiceBus/namespaces/topics/subscriptions/rules");
        Assert.Equal("SqlFilter", rule["properties"]!["filterType"]!.GetValue<string>());
        Assert.Contains("subscriptions[copyIndex()].sqlExpression", rule["properties"]!["sqlFilter"]!["sqlExpression"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void given_the_identities_then_each_has_only_the_roles_and_secrets_its_host_needs()
    {
        var access = compiled.Variable("access");
        string[] Of(string app, string kind) => [.. access["apps"]![app]![kind]!.AsArray().Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal)];

        // Every host sends and, checking the topology at start-up, peeks at every subscription; the processor receives.
        Assert.Equal(["serviceBusDataReceiver", "serviceBusDataSender"], Of("public", "serviceBus"));
        Assert.Equal(["serviceBusDataReceiver", "serviceBusDataSender"], Of("admin", "serviceBus"));
        Assert.Equal(["serviceBusDataReceiver", "serviceBusDataSender"], Of("processor", "serviceBus"));

        // The blob store creates its container on first use; only the processor keeps the event store and the message log.
        Assert.Equal(["storageBlobDataContributor"], Of("public", "storage"));
        Assert.Empty(Of("admin", "storage"));
        Assert.Equal(["storageBlobDataContributor", "storageTableDataContributor"], Of("processor", "storage"));

        Assert.Equal(["database"], Of("public", "secrets"));
        Assert.Equal(["database", "smtp"], Of("admin", "secrets"));
        Assert.Equal(["database", "smtp"], Of("processor", "secrets"));

        // No role reaches an identity any other way: every assignment iterates the module's assignments, built from access.json.
        var assignments = compiled.AllResources().Where(r => r["type"]!.GetValue<string>() == "Microsoft.Authorization/roleAssignments").ToList();
        Assert.Equal(3, assignments.Count);
        Assert.All(assignments, a => Assert.Equal("[length(parameters('assignments'))]", a["copy"]!["count"]!.GetValue<string>()));
        Assert.All(assignments, a => Assert.Contains("parameters('assignments')[copyIndex()].roleDefinitionId", a["properties"]!["roleDefinitionId"]!.GetValue<string>(), StringComparison.Ordinal));
        foreach (var module in new[] { "servicebus", "storage", "secretaccess" })
        {
            var argument = compiled.Module(module)["properties"]!["parameters"]!["assignments"]!["value"]!.GetValue<string>();
            Assert.Contains("variables('access').apps", argument, StringComparison.Ordinal);
        }

        var roleIds = access["roleDefinitions"]!.AsObject().Select(p => p.Value!.GetValue<string>()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.All(compiled.AllStrings().SelectMany(s => Guid().Matches(s).Select(m => m.Value)), id => Assert.Contains(id, roleIds));
    }

    [Fact]
    public void given_the_template_then_no_secret_is_inlined()
    {
        foreach (var app in Apps)
        {
            foreach (var (name, value) in AppSettings(app))
            {
                if (name.EndsWith("ConnectionString", StringComparison.Ordinal) && name.StartsWith("Conference__", StringComparison.Ordinal) || name.EndsWith("Password", StringComparison.Ordinal))
                {
                    Assert.True(value.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})'", StringComparison.Ordinal), $"{name} of the {app} app is not a Key Vault reference: {value}");
                }

                Assert.DoesNotMatch(SecretText(), value);
            }
        }

        foreach (var parameter in compiled.Template["parameters"]!.AsObject().Where(p => p.Key.Contains("password", StringComparison.OrdinalIgnoreCase)))
        {
            Assert.Equal("securestring", parameter.Value!["type"]!.GetValue<string>());
            Assert.Null(parameter.Value["defaultValue"]);
        }

        Assert.DoesNotContain(compiled.AllStrings(), s => s.Contains("listKeys(", StringComparison.OrdinalIgnoreCase) || s.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase) || s.Contains("SharedAccessKey=", StringComparison.OrdinalIgnoreCase));
        Assert.All(compiled.Template["outputs"]!.AsObject(), o => Assert.DoesNotMatch(SecretText(), o.Value!["value"]!.GetValue<string>()));
    }

    /// <summary>The app settings main.bicep gives the app's module, by name (values as ARM expressions or literals).</summary>
    private Dictionary<string, string> AppSettings(string app) =>
        compiled.Argument($"site-{app}", "appSettings").AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);

    /// <summary>
    /// The settings as the host would read them on App Service: the template under the app settings, each value
    /// the platform fills in (an ARM expression) replaced by one of its kind.
    /// </summary>
    private static ConferenceSettings ReadAsTheHostDoes(Dictionary<string, string> appSettings, string provider)
    {
        var values = appSettings
            .Where(s => s.Key.StartsWith("Conference__", StringComparison.Ordinal))
            .ToDictionary(s => s.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), s => (string?)(s.Value.StartsWith('[') ? Sample(s.Key, provider) : s.Value), StringComparer.Ordinal);
        return ConferenceSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(values).AddConferenceSettingsFile(Repository.SettingsTemplate).Build());
    }

    private static string Sample(string name, string provider) => name switch
    {
        "Conference__Database__Provider" => provider,
        "Conference__Database__ConnectionString" => provider == "Postgres"
            ? "Host=psql.example;Database=conference;Username=conference;Password=sample;SSL Mode=Require"
            : "Server=tcp:sql.example,1433;Database=conference;User ID=conference;Password=sample;Encrypt=True",
        "Conference__Messaging__FullyQualifiedNamespace" => "sb-sample.servicebus.windows.net",
        "Conference__EventStore__ServiceUri" or "Conference__MessageLog__ServiceUri" => "https://stsample.table.core.windows.net/",
        "Conference__Blobs__ServiceUri" => "https://stsample.blob.core.windows.net/",
        "Conference__Email__From" => "conference@contoso.com",
        "Conference__Email__SmtpHost" => "smtp.contoso.com",
        "Conference__Email__SmtpPort" => "587",
        "Conference__Email__SmtpUserName" => "conference",
        "Conference__Email__SmtpPassword" => "sample",
        _ when name.EndsWith("__ManagedIdentityClientId", StringComparison.Ordinal) => "11111111-2222-3333-4444-555555555555",
        _ => throw new InvalidOperationException($"{name} is filled in at deployment; give the specification a sample of it."),
    };

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();

    [GeneratedRegex("(?i)password=|accountkey=|sharedaccesskey=|listkeys\\(")]
    private static partial Regex SecretText();
}
