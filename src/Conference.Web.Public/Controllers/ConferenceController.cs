using Conference.Web.Public.Models;
using Microsoft.AspNetCore.Mvc;
using Registration.ReadModel;

namespace Conference.Web.Public.Controllers;

using ConferenceDetails = Registration.ReadModel.ConferenceDetails;
using SeatType = Registration.ReadModel.SeatType;

public sealed class ConferenceController(IConferenceDao conferences, IOrderDao orders, OrderAccess access) : PublicController(conferences, orders, access)
{
    [HttpGet("/")]
    public async Task<IActionResult> Index() => View(await Conferences.GetPublishedConferencesAsync(Aborted));

    [HttpGet("/{conference}")]
    public async Task<IActionResult> Display(string conference)
    {
        var (alias, page) = await FindConferenceAsync(conference, mustBePublished: true);
        if (alias is null)
        {
            return page!;
        }

        var details = await Conferences.GetConferenceDetailsAsync(alias.Code, Aborted);
        if (details is null)
        {
            return page!;
        }

        var seatTypes = await Conferences.GetPublishedSeatTypesAsync(alias.Id, Aborted);
        return View(new ConferencePageViewModel(details, seatTypes));
    }
}
