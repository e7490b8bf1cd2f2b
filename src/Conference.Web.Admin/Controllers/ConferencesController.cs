using Conference.Web.Admin.Models;
using Conference.Web.Admin.Security;
using Infrastructure;
using Infrastructure.Email;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.RateLimiting;

namespace Conference.Web.Admin.Controllers;

/// <summary>Creating, locating, editing, publishing a conference, and its orders. Every change goes through <see cref="ConferenceService"/>.</summary>
[Route("conferences")]
public sealed partial class ConferencesController(ConferenceService conferences, IEmailSender email, ILogger<ConferencesController> logger) : Controller
{
    internal const string NoticeKey = "Notice";
    internal const string ErrorKey = "Error";
    internal const string CreatedKey = "Created";
    internal const string EmailFailedKey = "EmailFailed";

    [HttpGet("create")]
    public IActionResult Create() => View(new CreateConferenceModel());

    [HttpPost("create")]
    public async Task<IActionResult> Create(CreateConferenceModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        ConferenceInfo conference;
        try
        {
            conference = await conferences.CreateConferenceAsync(model.ToOwner(), model.ToDetails(), HttpContext.RequestAborted);
        }
        catch (Exception ex) when (AddRuleViolation(ModelState, ex))
        {
            return View(model);
        }

        var emailed = await SendAccessCodeAsync(conference);

        // The owner just chose the conference: signed in for it at once, as if they had located it.
        await BusinessCustomer.SignInAsync(HttpContext, conference);
        TempData[CreatedKey] = true;
        TempData[EmailFailedKey] = !emailed;
        return RedirectToAction(nameof(Details), new { slug = conference.Slug });
    }

    [HttpGet("locate")]
    public IActionResult Locate(string? returnUrl) => View(new LocateModel { ReturnUrl = returnUrl });

    [HttpPost("locate")]
    [EnableRateLimiting(AdminSiteServiceCollectionExtensions.LocatePolicy)]
    public async Task<IActionResult> Locate(LocateModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        var conference = await conferences.FindConferenceAsync(model.Email!, model.AccessCode!, HttpContext.RequestAborted);
        if (conference is null)
        {
            // One message for both mistakes, so the form does not confirm which emails own conferences.
            LogLocateFailed(HttpContext.Connection.RemoteIpAddress?.ToString());
            ModelState.AddModelError(string.Empty, "No conference matches this email address and access code.");
            return View(model);
        }

        await BusinessCustomer.SignInAsync(HttpContext, conference);
        LogLocated(conference.Id);
        return IsPageOf(conference, model.ReturnUrl)
            ? LocalRedirect(model.ReturnUrl!)
            : RedirectToAction(nameof(Details), new { slug = conference.Slug });
    }

    [HttpPost("signout")]
    public async Task<IActionResult> EndSession()
    {
        await BusinessCustomer.SignOutAsync(HttpContext);
        return Redirect("/");
    }

    /// <summary>Where a request for a conference the cookie is not for ends (the cookie's access-denied path).</summary>
    [HttpGet("denied")]
    public async Task<IActionResult> Denied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var signedInFor = BusinessCustomer.ConferenceId(User);
        ViewBag.Conference = signedInFor is { } id ? await conferences.FindConferenceAsync(id, HttpContext.RequestAborted) : null;
        return View();
    }

    [HttpGet("{slug}")]
    [ServiceFilter<ConferenceAccessFilter>]
    public async Task<IActionResult> Details(string slug)
    {
        var conference = ConferenceAccessFilter.Current(HttpContext);
        ViewBag.SeatTypes = await conferences.FindSeatTypesAsync(conference.Id, HttpContext.RequestAborted);
        return View(conference);
    }

    [HttpGet("{slug}/edit")]
    [ServiceFilter<ConferenceAccessFilter>]
    public IActionResult Edit(string slug)
    {
        var model = new ConferenceFormModel();
        model.CopyFrom(ConferenceAccessFilter.Current(HttpContext));
        return View(model);
    }

    [HttpPost("{slug}/edit")]
    [ServiceFilter<ConferenceAccessFilter>]
    public async Task<IActionResult> Edit(string slug, ConferenceFormModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var conference = ConferenceAccessFilter.Current(HttpContext);
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        try
        {
            conference = await conferences.UpdateConferenceAsync(conference.Id, model.ToDetails(), HttpContext.RequestAborted);
        }
        catch (Exception ex) when (AddRuleViolation(ModelState, ex))
        {
            return View(model);
        }

        TempData[NoticeKey] = "The conference's details were saved.";
        return RedirectToAction(nameof(Details), new { slug = conference.Slug });
    }

    [HttpPost("{slug}/publish")]
    [ServiceFilter<ConferenceAccessFilter>]
    public Task<IActionResult> Publish(string slug) => ChangePublicationAsync(publish: true);

    [HttpPost("{slug}/unpublish")]
    [ServiceFilter<ConferenceAccessFilter>]
    public Task<IActionResult> Unpublish(string slug) => ChangePublicationAsync(publish: false);

    [HttpGet("{slug}/orders")]
    [ServiceFilter<ConferenceAccessFilter>]
    public async Task<IActionResult> Orders(string slug)
    {
        var conference = ConferenceAccessFilter.Current(HttpContext);
        ViewBag.Conference = conference;
        return View(await conferences.FindOrdersAsync(conference.Id, HttpContext.RequestAborted));
    }

    /// <summary>
    /// Turns a rule <see cref="ConferenceService"/> enforces into a form error (true), so the form is
    /// shown again with the message instead of an error page; false for anything else.
    /// </summary>
    internal static bool AddRuleViolation(ModelStateDictionary modelState, Exception exception)
    {
        switch (exception)
        {
            case ConferenceValidationException validation:
                var key = validation.MemberName is { } member && modelState.ContainsKey(member) ? member : string.Empty;
                modelState.AddModelError(key, validation.Message);
                return true;
            case DuplicateSlugException duplicate:
                modelState.AddModelError(nameof(ConferenceFormModel.Slug), duplicate.Message);
                return true;
            case ConferencePublishedException published:
                modelState.AddModelError(string.Empty, published.Message);
                return true;
            case ConcurrencyException:
                modelState.AddModelError(string.Empty, "Someone else changed this conference at the same time. Check the current values and try again.");
                return true;
            default:
                return false;
        }
    }

    /// <summary>Whether <paramref name="returnUrl"/> is a page of this site for <paramref name="conference"/> (anything else is ignored, never followed).</summary>
    private bool IsPageOf(ConferenceInfo conference, string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || !Url.IsLocalUrl(returnUrl))
        {
            return false;
        }

        var home = $"/conferences/{conference.Slug}";
        return returnUrl.Equals(home, StringComparison.OrdinalIgnoreCase) || returnUrl.StartsWith(home + "/", StringComparison.OrdinalIgnoreCase);
    }

    private async Task<IActionResult> ChangePublicationAsync(bool publish)
    {
        var conference = ConferenceAccessFilter.Current(HttpContext);
        try
        {
            conference = publish
                ? await conferences.PublishAsync(conference.Id, HttpContext.RequestAborted)
                : await conferences.UnpublishAsync(conference.Id, HttpContext.RequestAborted);
            TempData[NoticeKey] = publish
                ? "The conference is published: registrants can see it on the public site."
                : "The conference is unpublished: within seconds the public site stops showing it and taking new registrations; orders already placed go on.";
        }
        catch (ConcurrencyException)
        {
            TempData[ErrorKey] = "Someone else changed this conference at the same time. Try again.";
        }

        return RedirectToAction(nameof(Details), new { slug = conference.Slug });
    }

    /// <summary>Emails the access code to the owner; false (logged) when that fails, since the conference exists anyway.</summary>
    private async Task<bool> SendAccessCodeAsync(ConferenceInfo conference)
    {
        var locate = $"{Request.Scheme}://{Request.Host}{Url.Action(nameof(Locate))}";
        var message = new EmailMessage(
            $"conference-access-code-{conference.Id:N}",
            conference.OwnerEmail,
            $"Your access code for {conference.Name}",
            $"""
            Hello {conference.OwnerName},

            Your conference "{conference.Name}" has been created.

            Access code: {conference.AccessCode}

            To manage it, open {locate} and enter your email address ({conference.OwnerEmail}) and this access code.
            Keep the code safe: anyone with it and your email address can change the conference.
            """);
        try
        {
            await email.SendAsync(message, HttpContext.RequestAborted);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogEmailFailed(ex, conference.Id);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Business customer located conference {ConferenceId}")]
    private partial void LogLocated(Guid conferenceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Locate attempt from {ClientAddress} matched no conference")]
    private partial void LogLocateFailed(string? clientAddress);

    [LoggerMessage(Level = LogLevel.Error, Message = "The access code of conference {ConferenceId} could not be emailed to its owner")]
    private partial void LogEmailFailed(Exception exception, Guid conferenceId);
}
