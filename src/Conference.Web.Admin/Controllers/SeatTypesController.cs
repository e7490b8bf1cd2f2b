using Conference.Web.Admin.Models;
using Conference.Web.Admin.Security;
using Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Conference.Web.Admin.Controllers;

/// <summary>The seat types of the business customer's conference: list, add, edit, delete (only before the first publish).</summary>
[Route("conferences/{slug}/seats")]
[ServiceFilter<ConferenceAccessFilter>]
public sealed class SeatTypesController(ConferenceService conferences) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string slug)
    {
        var conference = ConferenceAccessFilter.Current(HttpContext);
        ViewBag.Conference = conference;
        return View(await conferences.FindSeatTypesAsync(conference.Id, HttpContext.RequestAborted));
    }

    [HttpGet("create")]
    public IActionResult Create(string slug)
    {
        ViewBag.Conference = ConferenceAccessFilter.Current(HttpContext);
        return View(new SeatTypeFormModel());
    }

    [HttpPost("create")]
    public async Task<IActionResult> Create(string slug, SeatTypeFormModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var conference = ConferenceAccessFilter.Current(HttpContext);
        ViewBag.Conference = conference;
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        try
        {
            await conferences.CreateSeatAsync(conference.Id, model.ToDetails(), HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ConferencesController.AddRuleViolation(ModelState, ex))
        {
            return View(model);
        }

        TempData[ConferencesController.NoticeKey] = $"The seat type '{model.Name?.Trim()}' was added.";
        return RedirectToAction(nameof(Index), new { slug = conference.Slug });
    }

    [HttpGet("{id:guid}/edit")]
    public async Task<IActionResult> Edit(string slug, Guid id)
    {
        var conference = ConferenceAccessFilter.Current(HttpContext);
        var seat = await FindSeatAsync(conference, id);
        if (seat is null)
        {
            return NotFound();
        }

        ViewBag.Conference = conference;
        ViewBag.SeatTypeId = id;
        return View(SeatTypeFormModel.From(seat));
    }

    [HttpPost("{id:guid}/edit")]
    public async Task<IActionResult> Edit(string slug, Guid id, SeatTypeFormModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var conference = ConferenceAccessFilter.Current(HttpContext);
        if (await FindSeatAsync(conference, id) is null)
        {
            return NotFound();
        }

        ViewBag.Conference = conference;
        ViewBag.SeatTypeId = id;
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        try
        {
            await conferences.UpdateSeatAsync(conference.Id, id, model.ToDetails(), HttpContext.RequestAborted);
        }
        catch (EntityNotFoundException)
        {
            return NotFound();
        }
        catch (Exception ex) when (ConferencesController.AddRuleViolation(ModelState, ex))
        {
            return View(model);
        }

        TempData[ConferencesController.NoticeKey] = $"The seat type '{model.Name?.Trim()}' was saved.";
        return RedirectToAction(nameof(Index), new { slug = conference.Slug });
    }

    [HttpPost("{id:guid}/delete")]
    public async Task<IActionResult> Delete(string slug, Guid id)
    {
        var conference = ConferenceAccessFilter.Current(HttpContext);
        var seat = await FindSeatAsync(conference, id);
        if (seat is null)
        {
            return NotFound();
        }

        try
        {
            await conferences.DeleteSeatAsync(conference.Id, id, HttpContext.RequestAborted);
            TempData[ConferencesController.NoticeKey] = $"The seat type '{seat.Name}' was deleted.";
        }
        catch (EntityNotFoundException)
        {
            return NotFound();
        }
        catch (ConferencePublishedException)
        {
            TempData[ConferencesController.ErrorKey] = "Seat types cannot be deleted once the conference has been published: registrants may hold seats of them. Set the quota to 0 to stop selling it.";
        }
        catch (ConcurrencyException)
        {
            TempData[ConferencesController.ErrorKey] = "Someone else changed this conference at the same time. Try again.";
        }

        return RedirectToAction(nameof(Index), new { slug = conference.Slug });
    }

    /// <summary>The seat type, only if it belongs to the signed-in conference (ids of other conferences are not found).</summary>
    private async Task<SeatType?> FindSeatAsync(ConferenceInfo conference, Guid id)
    {
        var seat = await conferences.FindSeatTypeAsync(id, HttpContext.RequestAborted);
        return seat is not null && seat.ConferenceId == conference.Id ? seat : null;
    }
}
