using Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Common.Hosting;

/// <summary>
/// The client's address and scheme as the front end that terminates TLS saw them (App Service), read
/// from X-Forwarded-For / X-Forwarded-Proto when <c>ForwardedHeaders:Enabled</c> is true (variable
/// <c>ForwardedHeaders__Enabled</c>), so rate limits and logs see the registrant, not the front end.
/// </summary>
public static class ForwardedHeadersServiceCollectionExtensions
{
    public const string EnabledSetting = "ForwardedHeaders:Enabled";

    public static IServiceCollection AddConferenceForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var enabled = IsEnabled(configuration);
        services.AddSingleton(new ConferenceForwardedHeaders(enabled));
        if (enabled)
        {
            services.Configure<ForwardedHeadersOptions>(o =>
            {
                o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

                // The front end's addresses are not fixed, and the site is reachable only through it;
                // only the last hop is taken, the one the front end appended, so a client cannot choose its own address.
                o.KnownIPNetworks.Clear();
                o.KnownProxies.Clear();
                o.ForwardLimit = 1;
            });
        }

        return services;
    }

    /// <summary>First in the pipeline, so that everything after it sees the client's address.</summary>
    public static WebApplication UseConferenceForwardedHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<ConferenceForwardedHeaders>() is { Enabled: true })
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    private static bool IsEnabled(IConfiguration configuration)
    {
        var text = configuration[EnabledSetting];
        if (text is null)
        {
            return false;
        }

        return bool.TryParse(text, out var enabled)
            ? enabled
            : throw new InvalidSettingException(EnabledSetting, $"'{text}' is not true or false.");
    }
}

/// <summary>Whether the site reads forwarded headers.</summary>
public sealed record ConferenceForwardedHeaders(bool Enabled);
