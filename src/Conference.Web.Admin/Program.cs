using System.Collections;
using Conference.Common.Settings;
using Conference.Web.Admin;
using Infrastructure;
using Infrastructure.Sql.Database;

var builder = WebApplication.CreateBuilder(args);

try
{
    var settings = ConferenceSettingsReader.Read(ConferenceSettingsReader.FindSettingsFile(Directory.GetCurrentDirectory()), SettingsEnvironment(builder.Configuration));
    builder.Services.AddConferenceAdminSite(settings, builder.Configuration);
}
catch (InvalidSettingException ex)
{
    await Console.Error.WriteLineAsync($"Conference.Web.Admin cannot start. {ex.Message}");
    return 2;
}

var app = builder.Build();
app.UseConferenceAdminSite();

try
{
    await app.RunAsync();
    return 0;
}
catch (InvalidSettingException ex)
{
    await Console.Error.WriteLineAsync($"Conference.Web.Admin cannot start. {ex.Message}");
    return 2;
}
catch (StoreNotMigratedException ex)
{
    await Console.Error.WriteLineAsync($"Conference.Web.Admin cannot start. {ex.Message}");
    return 3;
}

// The process environment, plus the Conference:* keys of the host's configuration (command line,
// test hosts) written the way the settings reader expects environment variables.
static Hashtable SettingsEnvironment(IConfiguration configuration)
{
    var environment = new Hashtable(Environment.GetEnvironmentVariables());
    foreach (var (key, value) in configuration.AsEnumerable())
    {
        if (value is null)
        {
            continue;
        }

        // Only Conference:Element:Attribute keys: configuration also lists the sections above them.
        if (key.StartsWith("Conference:", StringComparison.OrdinalIgnoreCase) && key.Count(c => c == ':') == 2)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        else if (key == ConferenceSettingsReader.SettingsFileVariable)
        {
            environment[key] = value;
        }
    }

    return environment;
}

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
