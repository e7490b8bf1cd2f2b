using System.Net;
using System.Text.RegularExpressions;
using Conference.Common;
using Conference.Common.Settings;
using Conference.Contracts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Registration.ReadModel;

namespace Conference.Web.Public.Tests;

/// <summary>
/// One SQLite file shared by the real processor (in process) and the site (WebApplicationFactory),
/// with published conferences seeded through Conference Management, as a business customer would.
/// </summary>
public sealed partial class PublicSiteFixture : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("conference-public-").FullName;
    private IHost processor = null!;

    public string MailDirectory => Path.Combine(folder, "mail");

    public Dictionary<string, string> Environment => new()
    {
        ["Conference__Database__Provider"] = "Sqlite",
        ["Conference__Database__ConnectionString"] = $"Data Source={Path.Combine(folder, "conference.db")}",
        ["Conference__Email__PickupDirectory"] = MailDirectory,
        ["Conference__EventSourcing__ScanInterval"] = "00:00:01",
    };

    public IServiceProvider Processor => processor.Services;

    public WebApplicationFactory<Program> Site { get; private set; } = null!;

    public SeededConference Book { get; private set; } = null!;

    public SeededConference Free { get; private set; } = null!;

    public SeededConference Unpublished { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var settings = ConferenceSettings.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(Environment.Select(v => KeyValuePair.Create(v.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), (string?)v.Value)))
            .AddConferenceSettingsFile(file: null)
            .Build());
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddConferenceProcessor(settings);
        processor = builder.Build();
        await processor.StartAsync();
        Site = CreateSite();

        Book = await SeedAsync("book", publish: true, ("General admission", 199m, 100), ("CQRS Workshop", 500m, 100), ("Additional cocktail party", 50m, 100));
        Free = await SeedAsync("free", publish: true, ("Community pass", 0m, 50));
        Unpublished = await SeedAsync("hidden", publish: false, ("General admission", 199m, 10));
        await WaitForAsync(
            async () => (await Processor.GetRequiredService<IConferenceDao>().GetPublishedSeatTypesAsync(Book.Id, default)).Count == 3
                && (await Processor.GetRequiredService<IConferenceDao>().GetPublishedSeatTypesAsync(Free.Id, default)).Count == 1
                && await Processor.GetRequiredService<IConferenceDao>().GetConferenceAliasAsync(Unpublished.Slug, default) is not null,
            "seeded conferences in the registration read model");
    }

    public WebApplicationFactory<Program> CreateSite(IReadOnlyDictionary<string, string>? configuration = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in Environment)
            {
                web.UseSetting(key.Replace("__", ":", StringComparison.Ordinal), value);
            }

            foreach (var (key, value) in configuration ?? new Dictionary<string, string>())
            {
                web.UseSetting(key, value);
            }
        });

    public HttpClient Client(WebApplicationFactory<Program>? site = null) =>
        (site ?? Site).CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<SeededConference> SeedAsync(string name, bool publish, params (string Name, decimal Price, int Quota)[] seatTypes)
    {
        await using var scope = Processor.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<ConferenceService>();
        var slug = $"{name}-{Guid.NewGuid():N}"[..20];
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddMonths(1), TimeSpan.Zero);
        var conference = await service.CreateConferenceAsync(
            new Owner("Ana Owner", "ana@contoso.example"),
            new ConferenceDetails("CQRS Summit " + name, "Two days of talks", "Redmond", "The tagline", "#cqrs", slug, start, start.AddDays(1)),
            default);
        var ids = new Dictionary<string, Guid>();
        foreach (var (seatName, price, quota) in seatTypes)
        {
            ids[seatName] = (await service.CreateSeatAsync(conference.Id, new SeatTypeDetails(seatName, seatName + " description", price, quota), default)).Id;
        }

        if (publish)
        {
            await service.PublishAsync(conference.Id, default);
        }

        return new SeededConference(conference.Id, slug, ids);
    }

    public static async Task WaitForAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {seconds} s for {what}.");
            }

            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        await Site.DisposeAsync();
        await processor.StopAsync();
        processor.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a pool is left for the temp folder's cleanup.
        }
    }
}

public sealed record SeededConference(Guid Id, string Slug, IReadOnlyDictionary<string, Guid> SeatTypes);

[CollectionDefinition(Name)]
public sealed class PublicSiteCollection : ICollectionFixture<PublicSiteFixture>
{
    public const string Name = "Public site";
}

/// <summary>Reads forms out of pages and posts them with their antiforgery token, as a browser would.</summary>
public static partial class Pages
{
    public static async Task<string> ReadAsync(HttpResponseMessage response) => await response.Content.ReadAsStringAsync();

    public static string Token(string html)
    {
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, "The page has no antiforgery token.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, string tokenSource, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var all = fields.Append(new("__RequestVerificationToken", Token(tokenSource)));
        return await client.PostAsync(url, new FormUrlEncodedContent(all));
    }

    public static string Location(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther, $"Expected a redirect, got {(int)response.StatusCode}.");
        return response.Headers.Location!.OriginalString;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
