using Conference.Web.Public.Models;
using Infrastructure.Messaging;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Registration.Contracts;
using Registration.Contracts.Commands;
using Registration.ReadModel;

namespace Conference.Web.Public.Controllers;

/// <summary>Finding an order with the record locator (email + access code), showing it and assigning attendees to its seats.</summary>
public sealed partial class OrderController(
    IConferenceDao conferences,
    IOrderDao orders,
    OrderAccess access,
    ICommandBus commands,
    ReadModelWaiter waiter,
    ILogger<OrderController> logger) : PublicController(conferences, orders, access)
{
    private const string NoMatch = "No order of this conference matches that email address and access code.";

    [HttpGet("/{conference}/order/find")]
    public async Task<IActionResult> Find(string conference)
    {
        var (alias, page) = await FindConferenceAsync(conference, mustBePublished: false);
        return alias is null ? page! : View(new FindOrderViewModel(alias, new FindOrderForm()));
    }

    [HttpPost("/{conference}/order/find")]
    [EnableRateLimiting(PublicSiteServiceCollectionExtensions.OrderLookupPolicy)]
    public async Task<IActionResult> Find(string conference, [Bind(Prefix = "Form")] FindOrderForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (alias, page) = await FindConferenceAsync(conference, mustBePublished: false);
        if (alias is null)
        {
            return page!;
        }

        if (!ModelState.IsValid)
        {
            return View(new FindOrderViewModel(alias, form));
        }

        var orderId = await Orders.LocateOrderAsync(form.Email!.Trim(), form.AccessCode!.Trim(), Aborted);
        var order = orderId is { } id ? await Orders.FindDraftOrderAsync(id, Aborted) : null;
        if (order is null || order.ConferenceId != alias.Id)
        {
            // The same answer whether the email is known or not: the form does not reveal who registered.
            LogLookupFailed(logger, alias.Code);
            ModelState.AddModelError(string.Empty, NoMatch);
            return View(new FindOrderViewModel(alias, form));
        }

        Access.Grant(HttpContext, order.OrderId);
        return RedirectToAction(nameof(Display), new { conference = alias.Code, orderId = order.OrderId });
    }

    [HttpGet("/{conference}/order/{orderId:guid}")]
    public async Task<IActionResult> Display(string conference, Guid orderId)
    {
        var (alias, order, page) = await FindConferenceOrderAsync(conference, orderId);
        if (alias is null || order is null)
        {
            return page!;
        }

        var priced = await Orders.FindPricedOrderAsync(orderId, Aborted);
        var lines = ReservationLine.For(order, await Conferences.GetSeatTypeSummariesAsync(order.Lines.Select(l => l.SeatType), Aborted));
        return View(new OrderPageViewModel(alias, order, priced, lines));
    }

    [HttpGet("/{conference}/order/{orderId:guid}/seats")]
    public async Task<IActionResult> AssignSeats(string conference, Guid orderId)
    {
        var (alias, seats, page) = await FindSeatsAsync(conference, orderId);
        if (seats is null)
        {
            return page!;
        }

        var form = new SeatAssignmentsForm
        {
            Seats = [.. seats.Seats.OrderBy(s => s.Position).Select(s => new AttendeeInput
            {
                Position = s.Position,
                FirstName = s.Attendee?.FirstName,
                LastName = s.Attendee?.LastName,
                Email = s.Attendee?.Email,
            })],
        };
        return View(new SeatAssignmentsViewModel { Conference = alias!, OrderId = orderId, Seats = seats, Form = form });
    }

    [HttpPost("/{conference}/order/{orderId:guid}/seats")]
    public async Task<IActionResult> AssignSeats(string conference, Guid orderId, [Bind(Prefix = "Form")] SeatAssignmentsForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (alias, seats, page) = await FindSeatsAsync(conference, orderId);
        if (seats is null)
        {
            return page!;
        }

        if (form.Seats.Any(s => !seats.Seats.Any(x => x.Position == s.Position)) || form.Seats.DistinctBy(s => s.Position).Count() != form.Seats.Count)
        {
            ModelState.AddModelError(string.Empty, "These seats do not belong to this order. Reload the page and try again.");
        }

        if (!ModelState.IsValid)
        {
            return View(new SeatAssignmentsViewModel { Conference = alias!, OrderId = orderId, Seats = seats, Form = form });
        }

        var changes = new List<(int Position, PersonalInfo Attendee)>();
        foreach (var input in form.Seats.Where(s => !s.IsBlank))
        {
            var attendee = new PersonalInfo(input.FirstName!.Trim(), input.LastName!.Trim(), input.Email!.Trim());
            var current = seats.Seats.First(s => s.Position == input.Position).Attendee;
            if (current is null || current.FirstName != attendee.FirstName || current.LastName != attendee.LastName || !string.Equals(current.Email, attendee.Email, StringComparison.OrdinalIgnoreCase))
            {
                changes.Add((input.Position, attendee));
            }
        }

        foreach (var (position, attendee) in changes)
        {
            await commands.SendAsync(new AssignSeat(seats.AssignmentsId, position, attendee), Aborted);
        }

        LogAssigned(logger, changes.Count, orderId);
        await waiter.WaitAsync(
            ct => Orders.FindOrderSeatsAsync(seats.AssignmentsId, ct),
            s => s is not null && changes.All(c => s.Seats.Any(x => x.Position == c.Position && string.Equals(x.Attendee?.Email, c.Attendee.Email, StringComparison.OrdinalIgnoreCase) && x.Attendee?.FirstName == c.Attendee.FirstName && x.Attendee?.LastName == c.Attendee.LastName)),
            Aborted);
        TempData["Notice"] = changes.Count == 0 ? "Nothing changed." : "The attendees were saved.";
        return RedirectToAction(nameof(AssignSeats), new { conference = alias!.Code, orderId });
    }

    [HttpPost("/{conference}/order/{orderId:guid}/seats/{position:int}/unassign")]
    public async Task<IActionResult> Unassign(string conference, Guid orderId, int position)
    {
        var (alias, seats, page) = await FindSeatsAsync(conference, orderId);
        if (seats is null)
        {
            return page!;
        }

        var seat = seats.Seats.FirstOrDefault(s => s.Position == position);
        if (seat is null)
        {
            return Message(StatusCodes.Status404NotFound, "Seat not found", "This order has no such seat.");
        }

        if (seat.Attendee is not null)
        {
            await commands.SendAsync(new UnassignSeat(seats.AssignmentsId, position), Aborted);
            await waiter.WaitAsync(
                ct => Orders.FindOrderSeatsAsync(seats.AssignmentsId, ct),
                s => s?.Seats.Any(x => x.Position == position && x.Attendee is null) == true,
                Aborted);
        }

        TempData["Notice"] = "The seat is no longer assigned.";
        return RedirectToAction(nameof(AssignSeats), new { conference = alias!.Code, orderId });
    }

    /// <summary>The seat-assignments document of a confirmed order this browser may see.</summary>
    private async Task<(ConferenceAlias? Conference, OrderSeats? Seats, IActionResult? Page)> FindSeatsAsync(string conference, Guid orderId)
    {
        var (alias, order, page) = await FindConferenceOrderAsync(conference, orderId);
        if (alias is null || order is null)
        {
            return (alias, null, page);
        }

        if (order.State != DraftOrderState.Confirmed)
        {
            return (alias, null, Message(StatusCodes.Status409Conflict, "Seats not purchased yet", "Attendees can be assigned once the order is confirmed."));
        }

        var priced = await waiter.WaitAsync(ct => Orders.FindPricedOrderAsync(orderId, ct), p => p?.AssignmentsId is not null, Aborted);
        var seats = priced?.AssignmentsId is { } assignmentsId
            ? await waiter.WaitAsync(ct => Orders.FindOrderSeatsAsync(assignmentsId, ct), s => s is not null, Aborted)
            : null;
        return seats is null
            ? (alias, null, PleaseWait("Preparing your seats", "The seats of your order are being prepared. This page refreshes by itself in a few seconds.", alias, orderId))
            : (alias, seats, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Order lookup without a match on conference {ConferenceCode}")]
    private static partial void LogLookupFailed(ILogger logger, string conferenceCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} seat assignments sent for order {OrderId}")]
    private static partial void LogAssigned(ILogger logger, int count, Guid orderId);
}
