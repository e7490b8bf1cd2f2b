using System.Collections;
using Conference.Common.Settings;
using Conference.Web.Public;
using Infrastructure;
using Infrastructure.Sql.Database;

var builder = WebApplication.CreateBuilder(args);

ConferenceSettings settings;
try
{
    settings = ConferenceSettingsReader.Read(ConferenceSettingsReader.FindSettingsFile(Directory.GetCurrentDirectory()), SettingsEnvironment(builder.Configuration));
}
catch (InvalidSettingException ex)
{
    await Console.Error.WriteLineAsync($"Conference.Web.Public cannot start. {ex.Message}");
    return 2;
}

// A missing registration fails at start-up, not on the first request that needs it.
builder.Host.UseDefaultServiceProvider(o =>
{
    o.ValidateOnBuild = true;
    o.ValidateScopes = true;
});
builder.Services.AddConferencePublicSite(settings, builder.Configuration);

var app = builder.Build();
app.UseConferencePublicSite();

try
{
    await app.RunAsync();
    return 0;
}
catch (InvalidSettingException ex)
{
    await Console.Error.WriteLineAsync($"Conference.Web.Public cannot start. {ex.Message}");
    return 2;
}
catch (StoreNotMigratedException ex)
{
    await Console.Error.WriteLineAsync($"Conference.Web.Public cannot start. {ex.Message}");
    return 3;
}

// The environment, plus Conference:* keys of the host's configuration (command line, test hosts) in the
// environment-variable form the settings reader understands.
static Hashtable SettingsEnvironment(IConfiguration configuration)
{
    var environment = new Hashtable(Environment.GetEnvironmentVariables());
    foreach (var (key, value) in configuration.AsEnumerable())
    {
        if (!string.IsNullOrEmpty(value) && key.StartsWith("Conference:", StringComparison.OrdinalIgnoreCase) && key.Split(':').Length == 3)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        else if (value is not null && key == ConferenceSettingsReader.SettingsFileVariable)
        {
            environment[key] = value;
        }
    }

    return environment;
}

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
