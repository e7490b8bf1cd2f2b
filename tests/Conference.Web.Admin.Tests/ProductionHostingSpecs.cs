using System.Diagnostics;
using System.Net;
using Conference.Common.Hosting;
using Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Conference.Web.Admin.Tests;

/// <summary>A site behind a front end that forwards the client's address (App Service), allowing two locate attempts a minute.</summary>
public sealed class ForwardedHeadersAdminSiteFactory : AdminSiteFactory
{
    protected override int LocateAttemptsPerMinute => 2;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(ForwardedHeadersServiceCollectionExtensions.EnabledSetting, "true");
    }
}

/// <summary>A site that does not read forwarded headers (the default), allowing two locate attempts a minute.</summary>
public sealed class DirectAdminSiteFactory : AdminSiteFactory
{
    protected override int LocateAttemptsPerMinute => 2;
}

public sealed class given_forwarded_headers_enabled(ForwardedHeadersAdminSiteFactory site) : IClassFixture<ForwardedHeadersAdminSiteFactory>
{
    [Fact]
    public async Task when_one_client_behind_the_front_end_is_over_its_locate_attempts_then_another_client_is_still_served()
    {
        using var first = ClientAt(site, "203.0.113.10");
        using var second = ClientAt(site, "203.0.113.20");
        for (var attempt = 0; attempt < 2; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await first.LocateAsync("nobody@contoso.com", "AAAAAA")).Status);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await first.LocateAsync("nobody@contoso.com", "AAAAAA")).Status);
        Assert.Equal(HttpStatusCode.OK, (await second.LocateAsync("nobody@contoso.com", "AAAAAA")).Status);
    }

    internal static AdminClient ClientAt(AdminSiteFactory site, string address)
    {
        var client = site.CreateAdminClient();
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }
}

public sealed class given_forwarded_headers_not_enabled(DirectAdminSiteFactory site) : IClassFixture<DirectAdminSiteFactory>
{
    [Fact]
    public async Task when_clients_claim_other_addresses_then_the_header_is_ignored_and_they_share_the_limit()
    {
        using var first = given_forwarded_headers_enabled.ClientAt(site, "203.0.113.10");
        using var second = given_forwarded_headers_enabled.ClientAt(site, "203.0.113.20");
        for (var attempt = 0; attempt < 2; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await first.LocateAsync("nobody@contoso.com", "AAAAAA")).Status);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await second.LocateAsync("nobody@contoso.com", "AAAAAA")).Status);
    }
}

public sealed class given_two_instances_of_the_site_on_one_database(AdminSiteFactory site) : IClassFixture<AdminSiteFactory>
{
    [Fact]
    public void when_one_protects_a_payload_then_the_other_reads_it_and_the_key_is_kept_in_the_database()
    {
        var payload = site.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("spec").Protect("business customer");

        using var other = site.WithWebHostBuilder(_ => { });
        var read = other.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("spec").Unprotect(payload);

        Assert.Equal("business customer", read);
        using var scope = other.Services.CreateScope();
        Assert.NotEmpty(scope.ServiceProvider.GetRequiredService<DataProtectionKeysDbContext>().DataProtectionKeys.AsNoTracking().ToList());
    }
}

public sealed class given_the_site_with_an_exporter(AdminSiteFactory site) : IClassFixture<AdminSiteFactory>
{
    [Fact]
    public async Task when_it_serves_a_request_and_the_infrastructure_traces_then_both_are_exported()
    {
        var exported = new List<Activity>();
        using var traced = site.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported))));
        using var client = traced.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
        using (Instrumentation.ActivitySource.StartActivity("spec activity"))
        {
        }

        await WaitUntilAsync(() => Snapshot(exported).Any(a => a.Kind == ActivityKind.Server && a.DisplayName.Contains("/health", StringComparison.Ordinal)));
        Assert.Contains(Snapshot(exported), a => a.Source.Name == Instrumentation.Name && a.DisplayName == "spec activity");
    }

    private static List<Activity> Snapshot(List<Activity> exported)
    {
        lock (exported)
        {
            return [.. exported];
        }
    }

    /// <summary>The server span ends just after the response is written: wait for it, bounded.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "No server span for /health was exported.");
            await Task.Delay(50);
        }
    }
}

public sealed class given_the_telemetry_settings
{
    [Fact]
    public void when_nothing_is_configured_then_no_exporter_is_registered()
    {
        var services = Compose([]);

        Assert.DoesNotContain(services, d => FromAssembly(d, "Azure.Monitor.OpenTelemetry"));
        Assert.DoesNotContain(services, d => FromAssembly(d, "OpenTelemetry.Exporter.OpenTelemetryProtocol"));
    }

    [Fact]
    public void when_application_insights_is_configured_then_the_azure_monitor_exporter_is_registered()
    {
        var services = Compose(new() { [TelemetryServiceCollectionExtensions.ApplicationInsightsSetting] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://localhost/" });

        Assert.Contains(services, d => FromAssembly(d, "Azure.Monitor.OpenTelemetry"));
    }

    [Fact]
    public void when_an_otlp_endpoint_is_configured_then_the_otlp_exporter_is_registered()
    {
        var services = Compose(new() { [TelemetryServiceCollectionExtensions.OtlpEndpointSetting] = "http://localhost:4317" });

        Assert.Contains(services, d => FromAssembly(d, "OpenTelemetry.Exporter.OpenTelemetryProtocol"));
    }

    private static ServiceCollection Compose(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddConferenceTelemetry(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), "Conference.Web.Admin");
        return services;
    }

    private static bool FromAssembly(ServiceDescriptor descriptor, string assemblyPrefix)
    {
        Type?[] types =
        [
            descriptor.ServiceType,
            descriptor.IsKeyedService ? descriptor.KeyedImplementationType : descriptor.ImplementationType,
            descriptor.IsKeyedService ? descriptor.KeyedImplementationInstance?.GetType() : descriptor.ImplementationInstance?.GetType(),
            descriptor.IsKeyedService ? descriptor.KeyedImplementationFactory?.Method.DeclaringType : descriptor.ImplementationFactory?.Method.DeclaringType,
            .. descriptor.ServiceType.GenericTypeArguments,
        ];
        return types.Any(t => t?.Assembly.GetName().Name?.StartsWith(assemblyPrefix, StringComparison.Ordinal) == true);
    }
}
