using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Conference.Common;
using Conference.Common.Hosting;
using Conference.Common.Settings;
using Conference.Web.Admin.Security;
using Infrastructure;
using Infrastructure.Sql.Database;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Conference.Web.Admin;

public static class AdminSiteServiceCollectionExtensions
{
    /// <summary>The rate-limiting policy of the locate form (email + access code guesses).</summary>
    public const string LocatePolicy = "locate";

    /// <summary>
    /// The conference management site: the messaging infrastructure (Conference Management publishes
    /// its integration events), Conference Management on the settings' database, the email sender,
    /// MVC with antiforgery on every POST, the business customer's cookie sign-in (its key ring in the database, shared by every instance), the rate limit on
    /// locate and the /health check. It owns no store: the processor migrates Conference Management's
    /// (it writes there too, from Registration's events), and the site waits for it at start.
    /// </summary>
    public static IServiceCollection AddConferenceAdminSite(this IServiceCollection services, ConferenceSettings settings, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configuration);

        services
            .AddConferenceMessaging(settings)
            .AddSqlConferenceManagement(settings.Database)
            .AddSqlWaitingListReadModel(settings.Database)
            .AddSqlPromotionalCodeList(settings.Database)
            .AddConferenceEmail(settings.Email)
            .AddConferenceDataProtection(settings.Database, "Conference.Web.Admin")
            .UseSqlStoresMigratedByOwner();

        services.AddControllersWithViews(options => options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()));
        services.AddScoped<ConferenceAccessFilter>();

        services
            .AddAuthentication(BusinessCustomer.Scheme)
            .AddCookie(BusinessCustomer.Scheme, options =>
            {
                options.Cookie.Name = "conference.admin";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/conferences/locate";
                options.LogoutPath = "/conferences/signout";
                options.AccessDeniedPath = "/conferences/denied";
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
            });
        services.AddAuthorization();

        var configured = configuration["Admin:LocateAttemptsPerMinute"];
        var attemptsPerMinute = 20;
        if (configured is not null && (!int.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out attemptsPerMinute) || attemptsPerMinute < 1))
        {
            throw new InvalidSettingException("Admin:LocateAttemptsPerMinute", $"is '{configured}'; it must be a whole number of at least 1.");
        }

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;

            // Per client address: guessing access codes costs a minute per few attempts.
            options.AddPolicy(LocatePolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                (context.Connection.RemoteIpAddress ?? IPAddress.None).ToString(),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = attemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });

        services.AddHealthChecks().AddCheck<ConferenceDatabaseHealthCheck>("database");
        return services;
    }

    /// <summary>The request pipeline: error pages for every failure status, static files, sign-in, rate limits, routes, /health.</summary>
    public static WebApplication UseConferenceAdminSite(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler("/error/500");
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapHealthChecks("/health");
        app.MapControllers();
        return app;
    }
}
