using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Conference.Web.Admin.Security;

/// <summary>
/// The business customer's sign-in: a cookie naming the one conference they located (or created).
/// There are no accounts: email + access code prove ownership once, then the cookie carries the
/// conference id, never the access code.
/// </summary>
public static class BusinessCustomer
{
    public const string Scheme = "BusinessCustomer";
    public const string ConferenceClaim = "conference";

    public static Task SignInAsync(HttpContext httpContext, ConferenceInfo conference)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(conference);
        var identity = new ClaimsIdentity(
            [
                new Claim(ConferenceClaim, conference.Id.ToString("D", CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, conference.OwnerName),
                new Claim(ClaimTypes.Email, conference.OwnerEmail),
            ],
            Scheme);
        return httpContext.SignInAsync(Scheme, new ClaimsPrincipal(identity));
    }

    public static Task SignOutAsync(HttpContext httpContext) => httpContext.SignOutAsync(Scheme);

    /// <summary>The conference the cookie is for, or null when not signed in.</summary>
    public static Guid? ConferenceId(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.IsAuthenticated == true && Guid.TryParse(user.FindFirstValue(ConferenceClaim), out var id) ? id : null;
    }
}
