using Conference.Common;
using Conference.Common.Hosting;
using Conference.Common.Settings;
using Conference.Web.Public;
using Infrastructure;
using Infrastructure.Sql.Database;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

ConferenceSettings settings;
try
{
    settings = ConferenceSettings.Read(builder.Configuration.AddConferenceSettings());
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
builder.Services
    .AddConferenceOptions(builder.Configuration)
    .AddConferencePublicSite(settings, builder.Configuration)
        .AddConferenceForwardedHeaders(builder.Configuration)
        .AddConferenceTelemetry(builder.Configuration, "Conference.Web.Public");

var app = builder.Build();
app.UseConferenceForwardedHeaders();
app.UseConferencePublicSite();

try
{
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is InvalidSettingException or OptionsValidationException)
{
    await Console.Error.WriteLineAsync($"Conference.Web.Public cannot start. {ex.Message}");
    return 2;
}
catch (StoreNotMigratedException ex)
{
    await Console.Error.WriteLineAsync($"Conference.Web.Public cannot start. {ex.Message}");
    return 3;
}

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
