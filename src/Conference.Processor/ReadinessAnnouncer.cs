using Conference.Common.Settings;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conference.Processor;

/// <summary>Says, once every subscription is being processed, that the processor is ready (scripts and tests wait for this line).</summary>
internal sealed partial class ReadinessAnnouncer(IHostApplicationLifetime lifetime, ConferenceSettings settings, ILogger<ReadinessAnnouncer> logger) : IHostedService
{
    public const string ReadyMessage = "Conference.Processor ready";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => LogReady(settings.Database.Provider.ToString(), settings.Source));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = ReadyMessage + " (database: {Provider}, settings: {Source})")]
    private partial void LogReady(string provider, string source);
}
