using Microsoft.AspNetCore.Mvc;

namespace Conference.Web.Admin.Controllers;

/// <summary>
/// The page for every failure status (re-executed by the status-code and exception middleware,
/// which log the failure, with the original method: so it answers any verb and skips antiforgery).
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorController : Controller
{
    [Route("/error/{code:int}")]
    public IActionResult Status(int code)
    {
        var statusCode = code is >= 400 and <= 599 ? code : StatusCodes.Status404NotFound;
        Response.StatusCode = statusCode;
        ViewBag.StatusCode = statusCode;
        return View("Error");
    }
}
