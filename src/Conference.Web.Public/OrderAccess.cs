using Microsoft.AspNetCore.DataProtection;

namespace Conference.Web.Public;

/// <summary>
/// Which orders this browser may see without typing the email and access code: the ones it created,
/// and the ones it has already located with them. The ids travel in a data-protected cookie, so a
/// visitor can neither read nor forge the list.
/// </summary>
public sealed class OrderAccess(IDataProtectionProvider protection)
{
    public const string CookieName = "conference.orders";

    // Enough for anyone's real use; the oldest ids drop out first.
    private const int MaximumOrders = 20;

    private readonly IDataProtector protector = protection.CreateProtector("Conference.Web.Public.OrderAccess.v1");

    public bool CanSee(HttpContext context, Guid orderId) => Read(context).Contains(orderId);

    public void Grant(HttpContext context, Guid orderId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var orders = Read(context).Where(id => id != orderId).Append(orderId).TakeLast(MaximumOrders).ToList();
        var value = protector.Protect(string.Join(',', orders.Select(id => id.ToString("N"))));
        context.Response.Cookies.Append(CookieName, value, new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            MaxAge = TimeSpan.FromDays(30),
        });

        // Later checks in this same request see the grant too.
        context.Items[CookieName] = orders;
    }

    private List<Guid> Read(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items[CookieName] is List<Guid> granted)
        {
            return granted;
        }

        if (!context.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return [];
        }

        try
        {
            return protector.Unprotect(value).Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(text => Guid.TryParseExact(text, "N", out var id) ? id : Guid.Empty)
                .Where(id => id != Guid.Empty)
                .ToList();
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Tampered with, or protected by a key this site no longer has: no access, not an error.
            return [];
        }
    }
}
