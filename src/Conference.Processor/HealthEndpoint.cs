using Conference.Common.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conference.Processor;

/// <summary>
/// An HTTP /health endpoint for a platform that hosts the processor as a web app (App Service pings
/// it to start and to replace an instance): answers 200 once every subscription is being processed and
/// the database answers, 503 before. Listens only when <c>Processor:HealthUrls</c> is set
/// (variable <c>Processor__HealthUrls</c>, e.g. http://+:8080).
/// </summary>
internal sealed partial class HealthEndpoint(IHostApplicationLifetime lifetime, ConferenceSettings settings, IConfiguration configuration, ILogger<HealthEndpoint> logger) : IHostedService, IAsyncDisposable
{
    public const string UrlsSetting = "Processor:HealthUrls";

    private WebApplication? app;

    public static IServiceCollection AddTo(IServiceCollection services, IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration[UrlsSetting]) ? services : services.AddHostedService<HealthEndpoint>();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var urls = configuration[UrlsSetting]!;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapGet("/health", async (CancellationToken token) =>
        {
            if (!lifetime.ApplicationStarted.IsCancellationRequested)
            {
                return Results.Text("starting", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            try
            {
                await using var connection = await settings.Database.OpenConnectionAsync(token);
                return Results.Text("ok");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDatabaseUnreachable(ex);
                return Results.Text("database unreachable", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        await app.StartAsync(cancellationToken);
        LogListening(string.Join(", ", app.Urls));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (app is not null)
        {
            await app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Health endpoint listening on {Urls}/health")]
    private partial void LogListening(string urls);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check: the database cannot be reached")]
    private partial void LogDatabaseUnreachable(Exception exception);
}
