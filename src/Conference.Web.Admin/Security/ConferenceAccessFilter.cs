using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Conference.Web.Admin.Security;

/// <summary>
/// Guards every page under /conferences/{slug}: the conference must be the one the business
/// customer's cookie is for. Not signed in → the locate page; signed in for another conference, or a
/// slug that names none → the access-denied page (the same answer either way, so a URL reveals
/// nothing). On success the conference is in <see cref="HttpContext.Items"/> for the action.
/// </summary>
public sealed partial class ConferenceAccessFilter(ConferenceService conferences, ILogger<ConferenceAccessFilter> logger) : IAsyncActionFilter
{
    public static ConferenceInfo Current(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return httpContext.Items[typeof(ConferenceInfo)] as ConferenceInfo
            ?? throw new InvalidOperationException($"{nameof(ConferenceAccessFilter)} did not run for this action.");
    }

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var httpContext = context.HttpContext;
        var signedInFor = BusinessCustomer.ConferenceId(httpContext.User);
        if (signedInFor is null)
        {
            context.Result = new ChallengeResult(BusinessCustomer.Scheme);
            return;
        }

        var slug = context.RouteData.Values["slug"] as string ?? string.Empty;
        var conference = slug.Length is > 0 and <= ConferenceInfo.SlugMaxLength
            ? await conferences.FindConferenceAsync(slug, httpContext.RequestAborted)
            : null;
        if (conference is null || conference.Id != signedInFor)
        {
            LogDenied(signedInFor.Value, slug.Length > 80 ? slug[..80] : slug);
            context.Result = new ForbidResult(BusinessCustomer.Scheme);
            return;
        }

        httpContext.Items[typeof(ConferenceInfo)] = conference;
        await next();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Business customer signed in for conference {ConferenceId} was refused conference '{Slug}'")]
    private partial void LogDenied(Guid conferenceId, string slug);
}
