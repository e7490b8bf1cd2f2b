using Conference.Common;
using Conference.Common.Hosting;
using Conference.Common.Settings;
using Conference.Web.Admin;
using Infrastructure;
using Infrastructure.Sql.Database;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

try
{
    var settings = ConferenceSettings.Read(builder.Configuration.AddConferenceSettings());
    builder.Services
        .AddConferenceOptions(builder.Configuration)
        .AddConferenceAdminSite(settings, builder.Configuration)
        .AddConferenceForwardedHeaders(builder.Configuration)
        .AddConferenceTelemetry(builder.Configuration, "Conference.Web.Admin");
}
catch (InvalidSettingException ex)
{
    await Console.Error.WriteLineAsync($"Conference.Web.Admin cannot start. {ex.Message}");
    return 2;
}

var app = builder.Build();
app.UseConferenceForwardedHeaders();
app.UseConferenceAdminSite();

try
{
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is InvalidSettingException or OptionsValidationException)
{
    await Console.Error.WriteLineAsync($"Conference.Web.Admin cannot start. {ex.Message}");
    return 2;
}
catch (StoreNotMigratedException ex)
{
    await Console.Error.WriteLineAsync($"Conference.Web.Admin cannot start. {ex.Message}");
    return 3;
}

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
