using System.Globalization;
using Infrastructure.Messaging;
using Infrastructure.Sql.Database;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Conference.Web.Admin.Tests;

/// <summary>
/// The site in process on a SQLite file and a mail folder of its own, with the settings a deployment
/// would pass (the repository's template plus Conference:* overrides).
/// </summary>
public class AdminSiteFactory : WebApplicationFactory<Program>
{
    private readonly string folder = Directory.CreateTempSubdirectory("conference-admin-tests-").FullName;
    private readonly List<string> seenEvents = [];

    public string MailDirectory => Path.Combine(folder, "mail");

    public string ConnectionString => $"Data Source={Path.Combine(folder, "conference.db")}";

    /// <summary>Locate attempts a client may make per minute (the site's default is 20).</summary>
    protected virtual int LocateAttemptsPerMinute => 1000;

    public AdminClient CreateAdminClient() =>
        new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    /// <summary>
    /// The integration events published so far, as "TypeName body" lines, read from the events
    /// topic's "log" subscription (nothing else consumes it while only the site runs).
    /// </summary>
    public async Task<IReadOnlyList<string>> PublishedEventsAsync()
    {
        var receiver = Services.GetRequiredService<IMessageTransport>().CreateReceiver("conference/events", "log");
        while (await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(200), default) is { } received)
        {
            seenEvents.Add(received.Message.TypeName + " " + received.Message.Body);
            await receiver.CompleteAsync(received, default);
        }

        return [.. seenEvents];
    }

    /// <summary>Waits (bounded) until an event of <paramref name="typeName"/> mentioning <paramref name="id"/> has been published.</summary>
    public async Task<string> EventuallyPublishedAsync(string typeName, Guid id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var match = (await PublishedEventsAsync()).FirstOrDefault(e =>
                e.StartsWith(typeName + " ", StringComparison.Ordinal)
                && e.Contains(id.ToString("D", CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                return match;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No {typeName} event for {id} was published.");
            await Task.Delay(100);
        }
    }

    /// <summary>Runs <paramref name="action"/> with a <see cref="ConferenceService"/> of its own scope, as another request would.</summary>
    public async Task<T> WithConferencesAsync<T>(Func<ConferenceService, Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ConferenceService>());
    }

    public async Task<ConferenceInfo> ConferenceAsync(string slug) =>
        await WithConferencesAsync(s => s.FindConferenceAsync(slug, default)) ?? throw new InvalidOperationException($"No conference '{slug}'.");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("CONFERENCE_SETTINGS", Path.Combine(RepositoryRoot(), "Settings.Template.xml"));
        builder.UseSetting("Conference:Database:Provider", "Sqlite");
        builder.UseSetting("Conference:Database:ConnectionString", ConnectionString);
        builder.UseSetting("Conference:Email:PickupDirectory", MailDirectory);
        builder.UseSetting("Admin:LocateAttemptsPerMinute", LocateAttemptsPerMinute.ToString(CultureInfo.InvariantCulture));

        // No processor runs here to migrate Conference Management's store: the test host takes its part.
        builder.ConfigureTestServices(services => services.RemoveAll<SqlStoreOptions>().AddSingleton(new SqlStoreOptions { Role = SqlStoreRole.Owner }));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left to the temp folder's cleanup.
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Conference.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Conference.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A site whose locate form allows three attempts a minute.</summary>
public sealed class RateLimitedAdminSiteFactory : AdminSiteFactory
{
    protected override int LocateAttemptsPerMinute => 3;
}
