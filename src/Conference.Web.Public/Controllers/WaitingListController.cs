using Conference.Web.Public.Models;
using Infrastructure.Messaging;
using Microsoft.AspNetCore.Mvc;
using Registration.Contracts;
using Registration.Contracts.Commands;
using Registration.ReadModel;
using WaitingList.Contracts.Commands;
using WaitingList.ReadModel;

namespace Conference.Web.Public.Controllers;

using SeatType = Registration.ReadModel.SeatType;

/// <summary>
/// The registrant's waiting-list pages: join a sold-out seat type's list, see one's place and leave
/// (the link in the email), and an offer's page, which opens the order holding the offered seats.
/// </summary>
public sealed partial class WaitingListController(
    IConferenceDao conferences,
    IOrderDao orders,
    OrderAccess access,
    IWaitingListDao waitingLists,
    ICommandBus commands,
    ReadModelWaiter waiter,
    ExpiryClock clock,
    ILogger<WaitingListController> logger) : PublicController(conferences, orders, access)
{
    [HttpGet("/{conference}/waiting-list/{seatType:guid}")]
    public async Task<IActionResult> Join(string conference, Guid seatType, int? seats = null)
    {
        // The registrant page of a partial reservation links here with the seats it could not reserve.
        var (alias, seat, page) = await FindSeatTypeAsync(conference, seatType);
        var asked = seats is >= 1 and <= JoinWaitingListForm.MaximumSeats ? seats.Value : 1;
        return page ?? View(new JoinWaitingListViewModel(alias!, seat!, new JoinWaitingListForm { EntryId = Guid.NewGuid(), Seats = asked }));
    }

    [HttpPost("/{conference}/waiting-list/{seatType:guid}")]
    public async Task<IActionResult> Join(string conference, Guid seatType, [Bind(Prefix = "Form")] JoinWaitingListForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (alias, seat, page) = await FindSeatTypeAsync(conference, seatType);
        if (page is not null)
        {
            return page;
        }

        if (form.EntryId == Guid.Empty)
        {
            ModelState.AddModelError("Form.EntryId", "The form is incomplete. Reload the page and fill it in again.");
        }

        if (ModelState.IsValid && await waitingLists.IsOnListAsync(alias!.Id, seatType, form.Email!.Trim(), Aborted))
        {
            ModelState.AddModelError("Form.Email", "This email address is already on the waiting list for these seats.");
        }

        if (!ModelState.IsValid)
        {
            return View(new JoinWaitingListViewModel(alias!, seat!, form.EntryId == Guid.Empty ? new JoinWaitingListForm { EntryId = Guid.NewGuid() } : form));
        }

        await commands.SendAsync(
            new JoinWaitingList(alias!.Id, seatType, form.EntryId, form.Name!.Trim(), form.Email!.Trim(), form.Seats) { Id = DeterministicId($"waiting-list/join/{form.EntryId:N}") },
            Aborted);
        LogJoined(logger, form.EntryId, seatType);
        return Redirect(WaitingList.Notifications.WaitingListMailer.EntryPath(form.EntryId));
    }

    [HttpGet("/waiting-list/entries/{entryId:guid}")]
    public async Task<IActionResult> Entry(Guid entryId, string? after = null)
    {
        var entry = await waiter.WaitAsync(ct => waitingLists.FindEntryAsync(entryId, ct), e => e is not null && e.Status != after, Aborted);
        if (entry is null)
        {
            return PleaseWait("Joining the waiting list", "We are still adding you to the waiting list. This page refreshes by itself in a few seconds.");
        }

        return View(new WaitingListEntryViewModel(entry, await SeatTypeNameAsync(entry.SeatType)));
    }

    [HttpPost("/waiting-list/entries/{entryId:guid}/leave")]
    public async Task<IActionResult> Leave(Guid entryId)
    {
        var entry = await waitingLists.FindEntryAsync(entryId, Aborted);
        if (entry is null)
        {
            return Message(StatusCodes.Status404NotFound, "Not on the waiting list", "We cannot find this place on a waiting list. Check the link in your email.");
        }

        if (entry.Status is WaitingListEntryStatus.Waiting or WaitingListEntryStatus.Offered)
        {
            await commands.SendAsync(new LeaveWaitingList(entry.ConferenceId, entry.SeatType, entryId) { Id = DeterministicId($"waiting-list/leave/{entryId:N}") }, Aborted);
            LogLeft(logger, entryId);
        }

        return Redirect(WaitingList.Notifications.WaitingListMailer.EntryPath(entryId) + "?after=" + Uri.EscapeDataString(entry.Status));
    }

    [HttpGet("/waiting-list/offers/{offerId:guid}")]
    public async Task<IActionResult> Offer(Guid offerId)
    {
        var offer = await waitingLists.FindOfferAsync(offerId, Aborted);
        if (offer is null)
        {
            return OfferNotFound();
        }

        return View(new WaitingListOfferViewModel(offer, await SeatTypeNameAsync(offer.SeatType), CanBeTaken(offer)));
    }

    /// <summary>Opens the order that holds the offered seats: its id is the offer's, so the reservation takes them up.</summary>
    [HttpPost("/waiting-list/offers/{offerId:guid}/take")]
    public async Task<IActionResult> Take(Guid offerId)
    {
        var offer = await waitingLists.FindOfferAsync(offerId, Aborted);
        if (offer is null)
        {
            return OfferNotFound();
        }

        var code = (await Conferences.GetPublishedConferencesAsync(Aborted)).FirstOrDefault(c => c.Id == offer.ConferenceId)?.Code;
        if (code is null)
        {
            return Message(StatusCodes.Status409Conflict, "Registration is closed", "This conference is no longer open for registration.");
        }

        if (offer.Status == WaitingListOfferStatus.Taken)
        {
            // Taken up from this browser before: back to its order.
            return Access.CanSee(HttpContext, offerId)
                ? RedirectToAction(nameof(RegistrationController.SpecifyRegistrantDetails), "Registration", new { conference = code, orderId = offerId })
                : Message(StatusCodes.Status409Conflict, "Offer already taken up", "These seats are already in an order. Find it with your email address and access code.");
        }

        if (!CanBeTaken(offer))
        {
            return Message(StatusCodes.Status409Conflict, "Offer no longer open", "This offer has expired or was declined, and its seats went to the next in line.");
        }

        await commands.SendAsync(
            new RegisterToConference(offerId, offer.ConferenceId, [new SeatQuantity(offer.SeatType, offer.Seats)]) { Id = DeterministicId($"waiting-list/take/{offerId:N}") },
            Aborted);
        Access.Grant(HttpContext, offerId);
        LogTaken(logger, offerId);
        return RedirectToAction(nameof(RegistrationController.SpecifyRegistrantDetails), "Registration", new { conference = code, orderId = offerId });
    }

    private bool CanBeTaken(WaitingListOffer offer) => offer.Status == WaitingListOfferStatus.Offered && offer.ExpiresAt > clock.UtcNow;

    private ViewResult OfferNotFound() =>
        Message(StatusCodes.Status404NotFound, "Offer not found", "We cannot find this offer. Check the link in your email.");

    private async Task<string> SeatTypeNameAsync(Guid seatType) =>
        (await Conferences.GetSeatTypeSummariesAsync([seatType], Aborted)).FirstOrDefault()?.Name ?? "Seats";

    private async Task<(ConferenceAlias? Conference, SeatType? SeatType, IActionResult? Page)> FindSeatTypeAsync(string conference, Guid seatType)
    {
        var (alias, page) = await FindConferenceAsync(conference, mustBePublished: true);
        if (alias is null)
        {
            return (null, null, page);
        }

        var seat = (await Conferences.GetPublishedSeatTypesAsync(alias.Id, Aborted)).FirstOrDefault(s => s.Id == seatType);
        return seat is null
            ? (alias, null, Message(StatusCodes.Status404NotFound, "Seat type not found", $"{alias.Name} has no such seat type on sale."))
            : (alias, seat, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting-list entry {EntryId} sent for seat type {SeatType}")]
    private static partial void LogJoined(ILogger logger, Guid entryId, Guid seatType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting-list entry {EntryId} leaving")]
    private static partial void LogLeft(ILogger logger, Guid entryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting-list offer {OfferId} taken up in an order")]
    private static partial void LogTaken(ILogger logger, Guid offerId);
}
