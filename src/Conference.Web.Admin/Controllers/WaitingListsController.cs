using Conference.Web.Admin.Security;
using Microsoft.AspNetCore.Mvc;
using WaitingList.ReadModel;

namespace Conference.Web.Admin.Controllers;

/// <summary>Each seat type's waiting list for the business customer: who, how many, since when, and what became of their offers.</summary>
[Route("conferences")]
public sealed class WaitingListsController(ConferenceService conferences, IWaitingListDao waitingLists) : Controller
{
    [HttpGet("{slug}/waiting-lists")]
    [ServiceFilter<ConferenceAccessFilter>]
    public async Task<IActionResult> Index(string slug)
    {
        var conference = ConferenceAccessFilter.Current(HttpContext);
        ViewBag.Conference = conference;
        var seatTypes = await conferences.FindSeatTypesAsync(conference.Id, HttpContext.RequestAborted);
        var entries = await waitingLists.ListAsync(conference.Id, HttpContext.RequestAborted);
        return View(seatTypes.Select(s => new SeatTypeWaitingList(s.Name, [.. entries.Where(e => e.SeatType == s.Id)])).ToList());
    }
}

/// <summary>One seat type and its waiting list, in line order.</summary>
public sealed record SeatTypeWaitingList(string SeatTypeName, IReadOnlyList<WaitingListEntry> Entries);
