using Conference.Web.Admin.Security;
using Microsoft.AspNetCore.Mvc;

namespace Conference.Web.Admin.Controllers;

public sealed class HomeController(ConferenceService conferences) : Controller
{
    /// <summary>Create a conference or locate one; a signed-in business customer also gets a link back to theirs.</summary>
    [HttpGet("/")]
    public async Task<IActionResult> Index()
    {
        var signedInFor = BusinessCustomer.ConferenceId(User);
        ViewBag.Conference = signedInFor is { } id ? await conferences.FindConferenceAsync(id, HttpContext.RequestAborted) : null;
        return View();
    }
}
