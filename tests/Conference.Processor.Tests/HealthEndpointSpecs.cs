using System.Net;
using System.Net.Sockets;
using Infrastructure.Sql.Database;
using Microsoft.Data.Sqlite;

namespace Conference.Processor.Tests;

/// <summary>The processor's /health, for a platform that hosts it as a web app and pings it (App Service).</summary>
public sealed class HealthEndpointSpecs : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("conference-health-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task given_health_urls_when_the_processor_is_ready_then_health_answers_ok()
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var environment = TestSettings.EnvironmentFor(new SqlDatabase(SqlProvider.Sqlite, $"Data Source={Path.Combine(folder, "conference.db")}"), Path.Combine(folder, "mail"));
        environment["Processor__HealthUrls"] = url;

        await using var processor = await ProcessorProcess.StartAsync(environment, folder);
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
