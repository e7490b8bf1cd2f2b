using System.Threading.RateLimiting;
using Conference.Common;
using Conference.Common.Hosting;
using Conference.Common.Settings;
using Infrastructure;
using Infrastructure.Sql.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Registration.ReadModel.Implementation;

namespace Conference.Web.Public;

public static partial class PublicSiteServiceCollectionExtensions
{
    /// <summary>The rate-limiting policy of the order lookup (email + access code guesses).</summary>
    public const string OrderLookupPolicy = "order-lookup";

    /// <summary>
    /// The public site: the command bus over the configured transport, the read models it queries
    /// (Registration, and Payments for the payment page), blob storage for the seat-assignment
    /// documents, order access for the creating browser (its key ring in the database, shared by every instance), MVC with antiforgery on every POST and the
    /// order-lookup rate limit. It owns no store: it waits at start for the processor to migrate them.
    /// </summary>
    public static IServiceCollection AddConferencePublicSite(this IServiceCollection services, ConferenceSettings settings, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = PublicSiteOptions.From(configuration);
        services.AddSingleton(options);
        services
            .AddConferenceMessaging(settings)
            .AddConferenceBlobStorage(settings)
            .AddSqlRegistrationReadModel(settings.Database)
            .AddSqlPaymentsReadModel(settings.Database)
            .AddSqlWaitingListReadModel(settings.Database)
            .UseSqlStoresMigratedByOwner();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new ExpiryClock(TimeProvider.System));
        services.AddSingleton<ReadModelWaiter>();
        services.AddSingleton<OrderChangeHub>();
        services.AddHostedService<OrderChangeWatcher>();
        services.AddSingleton<OrderAccess>();
        services.AddConferenceDataProtection(settings.Database, "Conference.Web.Public");

        services.AddControllersWithViews(o => o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()));
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(OrderLookupPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.OrderLookupPermitLimit, Window = options.OrderLookupWindow, QueueLimit = 0 }));
        });
        return services;
    }

    /// <summary>Error pages instead of stack traces, static files, rate limiting, /health, the order change streams and the routes.</summary>
    public static WebApplication UseConferencePublicSite(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler("/error/500");
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.MapGet("/health", async (IDbContextFactory<ConferenceRegistrationDbContext> contexts, CancellationToken cancellationToken) =>
        {
            await using var context = await contexts.CreateDbContextAsync(cancellationToken);
            return await context.Database.CanConnectAsync(cancellationToken) ? Results.Text("ok") : Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        });
        app.MapOrderChanges();
        app.MapControllers();
        return app;
    }
}

/// <summary>Site settings (configuration section PublicSite); defaults suit a real deployment.</summary>
public sealed record PublicSiteOptions
{
    /// <summary>How long a page that follows a command waits for the read model before saying it is not there yet.</summary>
    public TimeSpan ReadModelWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often this site instance's one watcher asks the read database for new order changes (the delay a waiting page adds at most).</summary>
    public TimeSpan ChangeFeedPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often an order's change stream says it is still there when nothing changed (keeps proxies from closing it).</summary>
    public TimeSpan ChangeHeartbeat { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// With JavaScript on, how long a waiting page listens for its order's change before it reloads anyway
    /// (the safety net for a missed change); with JavaScript off it reloads every 3 seconds as before.
    /// </summary>
    public TimeSpan WaitingPageFallback { get; init; } = TimeSpan.FromSeconds(30);

    public int OrderLookupPermitLimit { get; init; } = 10;

    public TimeSpan OrderLookupWindow { get; init; } = TimeSpan.FromMinutes(1);

    public static PublicSiteOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("PublicSite");
        var defaults = new PublicSiteOptions();
        return new PublicSiteOptions
        {
            ReadModelWait = Positive(section, nameof(ReadModelWait), defaults.ReadModelWait),
            ChangeFeedPollInterval = Positive(section, nameof(ChangeFeedPollInterval), defaults.ChangeFeedPollInterval),
            ChangeHeartbeat = Positive(section, nameof(ChangeHeartbeat), defaults.ChangeHeartbeat),
            WaitingPageFallback = Positive(section, nameof(WaitingPageFallback), defaults.WaitingPageFallback),
            OrderLookupPermitLimit = section.GetValue(nameof(OrderLookupPermitLimit), defaults.OrderLookupPermitLimit) is var limit and > 0
                ? limit
                : throw new InvalidSettingException("PublicSite.OrderLookupPermitLimit", "must be a positive number."),
            OrderLookupWindow = Positive(section, nameof(OrderLookupWindow), defaults.OrderLookupWindow),
        };
    }

    private static TimeSpan Positive(IConfigurationSection section, string key, TimeSpan fallback)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        return TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero
            ? value
            : throw new InvalidSettingException("PublicSite." + key, $"'{text}' is not a positive duration such as 00:00:10.");
    }
}
