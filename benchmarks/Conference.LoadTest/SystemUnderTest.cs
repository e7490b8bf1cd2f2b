using Benchmarks.Support;
using Conference.Common;
using Conference.Common.Settings;
using Conference.Contracts;
using Conference.Local;
using Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conference.LoadTest;

/// <summary>
/// The processor and the public site, each its own process started from its build output (the way
/// the local run starts them), on one throwaway database; and the published conference they sell.
/// </summary>
internal sealed class SystemUnderTest : IAsyncDisposable
{
    private readonly List<ChildHost> hosts = [];

    private SystemUnderTest(string root, BenchmarkDatabase database, string workFolder, int publicPort)
    {
        Root = root;
        PublicSite = new Uri($"http://127.0.0.1:{publicPort}");
        Environment = new Dictionary<string, string>
        {
            ["Conference__Database__Provider"] = database.ProviderSetting,
            ["Conference__Database__ConnectionString"] = database.Database.ConnectionString,
            ["Conference__Email__PickupDirectory"] = Path.Combine(workFolder, "mail"),
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // Warnings and errors only (the request logs would cost as much as the requests), and the readiness lines.
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            ["Logging__LogLevel__Conference.Processor.ReadinessAnnouncer"] = "Information",
        };
    }

    public string Root { get; }

    public Uri PublicSite { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public ChildHost Processor => hosts[0];

    public ChildHost Site => hosts[1];

    public static async Task<SystemUnderTest> StartAsync(BenchmarkDatabase database, string workFolder, int publicPort, CancellationToken cancellationToken)
    {
        var system = new SystemUnderTest(FindRoot(), database, workFolder, publicPort);
        try
        {
            system.hosts.Add(new ChildHost("processor", system.HostDll("Conference.Processor"), system.ProjectDirectory("Conference.Processor"), system.Environment, []) { ReadyText = "Conference.Processor ready" });
            system.hosts.Add(new ChildHost("public", system.HostDll("Conference.Web.Public"), system.ProjectDirectory("Conference.Web.Public"), system.Environment, ["--urls", system.PublicSite.ToString()]) { ReadyText = "Application started" });
            foreach (var host in system.hosts)
            {
                host.Start();
            }

            await Task.WhenAll(system.hosts.Select(h => h.Ready)).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Creates and publishes a conference with one seat type of <paramref name="quota"/> seats through
    /// Conference Management in this process (its outbox publishes what the processor turns into seats),
    /// and keeps that host until <paramref name="onSale"/> says the public site sells them.
    /// </summary>
    public async Task<(string Slug, Guid SeatType)> SeedAsync(int quota, Func<string, CancellationToken, Task> onSale, CancellationToken cancellationToken)
    {
        // The settings the hosts get, read the way they read them.
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(Environment.Where(v => !v.Key.StartsWith("Logging__", StringComparison.Ordinal)).Select(v => KeyValuePair.Create(v.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), (string?)v.Value)));
        var settings = ConferenceSettings.Read(builder.Configuration.AddConferenceSettings(Root));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddConferenceInfrastructure(settings).AddSqlConferenceManagement(settings.Database);
        var host = builder.Build();
        await using var disposeHost = (IAsyncDisposable)host;
        await host.StartAsync(cancellationToken);
        try
        {
            await using var scope = host.Services.CreateAsyncScope();
            var management = scope.ServiceProvider.GetRequiredService<ConferenceService>();
            var slug = "load-" + Guid.NewGuid().ToString("N")[..8];
            var start = new DateTimeOffset(DateTime.UtcNow.Date.AddMonths(2), TimeSpan.Zero);
            var conference = await management.CreateConferenceAsync(
                new Owner("Load test", "owner@loadtest.example"),
                new ConferenceDetails("Load test conference", "Seats sold by the load test", "Here", null, null, slug, start, start.AddDays(1)),
                cancellationToken);
            var seat = await management.CreateSeatAsync(conference.Id, new SeatTypeDetails("General admission", "Every talk", 199m, quota), cancellationToken);
            await management.PublishAsync(conference.Id, cancellationToken);
            await onSale(slug, cancellationToken);
            return (slug, seat.Id);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The site first: the processor then finishes what is in flight.
        foreach (var host in Enumerable.Reverse(hosts))
        {
            await host.DisposeAsync();
        }
    }

    private string HostDll(string project)
    {
        var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(ProjectDirectory(project), "bin", own.Parent!.Name, own.Name, project + ".dll");
    }

    private string ProjectDirectory(string project) => Path.Combine(Root, "src", project);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Conference.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Conference.sln above {AppContext.BaseDirectory}: run the load test from the repository.");
    }
}
