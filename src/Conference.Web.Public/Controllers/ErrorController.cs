using Conference.Web.Public.Models;
using Microsoft.AspNetCore.Mvc;

namespace Conference.Web.Public.Controllers;

/// <summary>Pages for status codes and failures: a clear message, never a stack trace.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorController : Controller
{
    [Route("/error/{code:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Show(int code)
    {
        var (title, message) = code switch
        {
            StatusCodes.Status400BadRequest => ("The form could not be accepted", "The page may have expired. Go back, reload the page and try again."),
            StatusCodes.Status404NotFound => ("Page not found", "There is nothing at this address."),
            StatusCodes.Status405MethodNotAllowed => ("Not allowed", "This page cannot be used that way."),
            StatusCodes.Status429TooManyRequests => ("Too many attempts", "Please wait a minute before trying again."),
            _ => ("Something went wrong", "We could not complete your request. Please try again in a moment."),
        };

        // Shown through the status-code and exception middlewares, which keep the original status.
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null
            && HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is null)
        {
            Response.StatusCode = code is >= 400 and < 600 ? code : StatusCodes.Status404NotFound;
        }

        return View("Message", new MessageViewModel(title, message));
    }
}
