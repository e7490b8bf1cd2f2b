using Azure.Monitor.OpenTelemetry.AspNetCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Conference.Common.Hosting;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>Set by App Service when the app is linked to Application Insights (the Bicep templates set it).</summary>
    public const string ApplicationInsightsSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>An OpenTelemetry collector to export to as well (OTLP), e.g. http://localhost:4317.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Traces, metrics and logs through OpenTelemetry: the infrastructure's own <see cref="Infrastructure.Instrumentation"/>
    /// source and meter, ASP.NET Core and outgoing HTTP. They are exported to Application Insights when
    /// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set and to an OTLP collector when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is;
    /// with neither, nothing leaves the process.
    /// </summary>
    public static IServiceCollection AddConferenceTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        var applicationInsights = configuration[ApplicationInsightsSetting];
        var otlp = configuration[OtlpEndpointSetting];
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing.AddSource(Infrastructure.Instrumentation.Name))
            .WithMetrics(metrics => metrics.AddMeter(Infrastructure.Instrumentation.Name))
            .WithLogging();
        if (!string.IsNullOrWhiteSpace(applicationInsights))
        {
            // The distribution brings the ASP.NET Core and HTTP instrumentation itself.
            telemetry.UseAzureMonitor(o => o.ConnectionString = applicationInsights);
        }
        else
        {
            telemetry
                .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation())
                .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());
        }

        if (!string.IsNullOrWhiteSpace(otlp))
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }
}
