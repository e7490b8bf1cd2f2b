using System.Security.Cryptography;
using System.Text;
using Conference.Web.Public.Models;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Registration.ReadModel;

namespace Conference.Web.Public.Controllers;

/// <summary>What every registrant page needs: the conference of the URL and the orders this browser may see.</summary>
public abstract class PublicController(IConferenceDao conferences, IOrderDao orders, OrderAccess access) : Controller
{
    // Longer than any slug Conference Management accepts: not worth a query.
    private const int MaximumCodeLength = 200;

    protected IConferenceDao Conferences => conferences;

    protected IOrderDao Orders => orders;

    protected OrderAccess Access => access;

    // The order change feed's position before this request read anything (see OrderChangeHub.Cursor).
    private long? changesBefore;

    protected CancellationToken Aborted => HttpContext.RequestAborted;

    public override void OnActionExecuting(ActionExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        changesBefore = context.HttpContext.RequestServices.GetRequiredService<OrderChangeHub>().Cursor;
        base.OnActionExecuting(context);
    }

    /// <summary>The conference of <paramref name="code"/>, or null with <paramref name="page"/> saying why not (unknown, or not open when <paramref name="mustBePublished"/>).</summary>
    protected async Task<(ConferenceAlias? Conference, IActionResult? Page)> FindConferenceAsync(string? code, bool mustBePublished)
    {
        var alias = string.IsNullOrWhiteSpace(code) || code.Length > MaximumCodeLength
            ? null
            : await conferences.GetConferenceAliasAsync(code, Aborted);
        if (alias is null)
        {
            return (null, Message(StatusCodes.Status404NotFound, "Conference not found", "There is no conference at this address. Check the link you were given."));
        }

        if (mustBePublished && !alias.IsPublished)
        {
            return (null, Message(StatusCodes.Status404NotFound, "Registration is not open", $"{alias.Name} is not open for registration at the moment."));
        }

        return (alias, null);
    }

    /// <summary>
    /// The draft order, when this browser may see it and it belongs to the conference; null otherwise.
    /// Unknown and forbidden orders look the same, so order ids cannot be probed.
    /// </summary>
    protected async Task<DraftOrder?> FindVisibleOrderAsync(ConferenceAlias conference, Guid orderId)
    {
        if (!access.CanSee(HttpContext, orderId))
        {
            return null;
        }

        var order = await orders.FindDraftOrderAsync(orderId, Aborted);
        return order?.ConferenceId == conference.Id ? order : null;
    }

    /// <summary>
    /// The conference of <paramref name="code"/> (published or not: registrants keep their orders) and its
    /// order <paramref name="orderId"/> when this browser may see it; otherwise nulls and the page saying why.
    /// </summary>
    protected async Task<(ConferenceAlias? Conference, DraftOrder? Order, IActionResult? Page)> FindConferenceOrderAsync(string? code, Guid orderId)
    {
        var (alias, page) = await FindConferenceAsync(code, mustBePublished: false);
        if (alias is null)
        {
            return (null, null, page);
        }

        var order = await FindVisibleOrderAsync(alias, orderId);
        return order is null ? (alias, null, OrderNotFound()) : (alias, order, null);
    }

    protected IActionResult OrderNotFound() =>
        Message(StatusCodes.Status404NotFound, "Order not found", "We cannot show this order. To see an order, find it with your email address and access code.");

    protected ViewResult Message(int statusCode, string title, string message)
    {
        Response.StatusCode = statusCode;
        return View("Message", new MessageViewModel(title, message));
    }

    /// <summary>
    /// The page that reloads itself until the read model caught up. With <paramref name="conference"/> and
    /// <paramref name="orderId"/> it listens to the order's change stream and reloads when told (or after
    /// the fallback); otherwise, and without JavaScript, it reloads every 3 seconds.
    /// </summary>
    protected ViewResult PleaseWait(string title, string message, ConferenceAlias? conference = null, Guid? orderId = null)
    {
        // Only ever this site's own path: "//host" would make the refresh leave the site.
        var path = Request.PathBase.Add(Request.Path).Value ?? "/";
        var url = path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal) ? path + Request.QueryString : "/";
        var changes = conference is not null && orderId is { } id && changesBefore is { } since
            ? OrderChangeEndpoint.PathFor(Request.PathBase.Value ?? "", conference.Code, id, since)
            : null;
        var fallback = (int)Math.Ceiling(HttpContext.RequestServices.GetRequiredService<PublicSiteOptions>().WaitingPageFallback.TotalSeconds);
        return View("PleaseWait", new PleaseWaitViewModel(title, message, url, changes, fallback));
    }

    /// <summary>A command id fixed by what the command says, so a resubmitted form is dropped by the transport's duplicate detection.</summary>
    protected static Guid DeterministicId(string text)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return new Guid(hash.AsSpan(0, 16));
    }

    protected static bool HasExpired(DraftOrder order, DateTimeOffset now) =>
        order.State == DraftOrderState.Rejected || (order.State != DraftOrderState.Confirmed && order.ReservationExpirationDate <= now);
}
