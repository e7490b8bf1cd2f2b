using Microsoft.AspNetCore.Mvc;

namespace Conference.Web.Admin.Controllers;

/// <summary>
/// The page for every failure status (re-executed by the status-code and exception middleware,
/// which log the failure, with the original method: so it answers any verb and skips antiforgery).
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorController : Controller
{
    // No parameters: binding would read the form again, and an unreadable form is one of the failures shown here.
    [Route("/error/{code:int}")]
    public IActionResult Status()
    {
        var code = int.TryParse(RouteData.Values["code"] as string, out var value) ? value : 0;
        var statusCode = code is >= 400 and <= 599 ? code : StatusCodes.Status404NotFound;
        Response.StatusCode = statusCode;
        ViewBag.StatusCode = statusCode;
        return View("Error");
    }
}
