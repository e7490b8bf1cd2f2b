using Conference.Web.Public.Models;
using Infrastructure.Messaging;
using Microsoft.AspNetCore.Mvc;
using Payments.Contracts;
using Payments.Contracts.Commands;
using Registration.Contracts;
using Registration.Contracts.Commands;
using Registration.ReadModel;

namespace Conference.Web.Public.Controllers;

using ConferenceDetails = Registration.ReadModel.ConferenceDetails;
using SeatType = Registration.ReadModel.SeatType;

/// <summary>Choosing seats, the reservation and the registrant's details, up to payment (RI RegistrationController).</summary>
public sealed partial class RegistrationController(
    IConferenceDao conferences,
    IOrderDao orders,
    OrderAccess access,
    ICommandBus commands,
    ReadModelWaiter waiter,
    ExpiryClock clock,
    ILogger<RegistrationController> logger) : PublicController(conferences, orders, access)
{
    [HttpGet("/{conference}/register")]
    public async Task<IActionResult> StartRegistration(string conference, Guid? orderId)
    {
        var (alias, page) = await FindConferenceAsync(conference, mustBePublished: true);
        if (alias is null)
        {
            return page!;
        }

        // Changing the quantities of an order placed earlier keeps its id; anything else starts a new order.
        var existing = orderId is { } id ? await FindVisibleOrderAsync(alias, id) : null;
        if (existing is not null && (existing.State == DraftOrderState.Confirmed || HasExpired(existing, clock.UtcNow)))
        {
            existing = null;
        }

        var seatTypes = await Conferences.GetPublishedSeatTypesAsync(alias.Id, Aborted);
        var form = new SeatSelectionForm
        {
            OrderId = existing?.OrderId ?? Guid.NewGuid(),
            Seats = [.. seatTypes.Select(t => new SeatQuantityInput
            {
                SeatType = t.Id,
                Quantity = existing?.Lines.FirstOrDefault(l => l.SeatType == t.Id)?.RequestedSeats ?? 0,
            })],
        };
        return View(SeatSelection(alias, seatTypes, form, existing));
    }

    [HttpPost("/{conference}/register")]
    public async Task<IActionResult> StartRegistration(string conference, [Bind(Prefix = "Form")] SeatSelectionForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (alias, page) = await FindConferenceAsync(conference, mustBePublished: true);
        if (alias is null)
        {
            return page!;
        }

        // The alias may come from the cache; whether seats are still sold is asked of the read model itself.
        if (!await Conferences.IsOpenForRegistrationAsync(alias.Id, Aborted))
        {
            return Message(StatusCodes.Status409Conflict, "Registration is closed", $"{alias.Name} is no longer open for registration, so no seats were reserved.");
        }

        var seatTypes = await Conferences.GetPublishedSeatTypesAsync(alias.Id, Aborted);
        var existing = form.OrderId == Guid.Empty ? null : await Orders.FindDraftOrderAsync(form.OrderId, Aborted);
        if (existing is not null && (existing.ConferenceId != alias.Id || !Access.CanSee(HttpContext, existing.OrderId)))
        {
            return OrderNotFound();
        }

        if (form.OrderId == Guid.Empty)
        {
            ModelState.AddModelError("Form.OrderId", "The form is incomplete. Reload the page and choose your seats again.");
        }

        if (form.Seats.Count > seatTypes.Count || form.Seats.Any(s => !seatTypes.Any(t => t.Id == s.SeatType)) || form.Seats.DistinctBy(s => s.SeatType).Count() != form.Seats.Count)
        {
            ModelState.AddModelError(string.Empty, "Some of these seat types are no longer on sale. Choose your seats again.");
        }
        else if (ModelState.IsValid && form.Seats.Sum(s => s.Quantity) == 0)
        {
            ModelState.AddModelError(string.Empty, "Choose at least one seat.");
        }

        if (existing is not null && existing.State == DraftOrderState.Confirmed)
        {
            ModelState.AddModelError(string.Empty, "This order is already confirmed and its seats cannot be changed.");
        }

        if (!ModelState.IsValid)
        {
            var redisplay = new SeatSelectionForm
            {
                OrderId = form.OrderId == Guid.Empty ? Guid.NewGuid() : form.OrderId,
                Seats = [.. seatTypes.Select(t => new SeatQuantityInput { SeatType = t.Id, Quantity = Math.Clamp(form.Seats.FirstOrDefault(s => s.SeatType == t.Id)?.Quantity ?? 0, 0, SeatSelectionViewModel.MaximumPerSeatType) })],
            };
            return View(SeatSelection(alias, seatTypes, redisplay, existing));
        }

        var seats = form.Seats.Where(s => s.Quantity > 0).Select(s => new SeatQuantity(s.SeatType, s.Quantity)).ToList();
        var version = existing?.OrderVersion ?? 0;
        var identity = string.Join(';', seats.OrderBy(s => s.SeatType).Select(s => $"{s.SeatType:N}={s.Quantity}"));
        var command = new RegisterToConference(form.OrderId, alias.Id, seats) { Id = DeterministicId($"register/{form.OrderId:N}/{version}/{identity}") };
        await commands.SendAsync(command, Aborted);
        Access.Grant(HttpContext, form.OrderId);
        LogOrderSent(logger, form.OrderId, alias.Code, existing is null ? "placed" : "updated");
        return RedirectToAction(nameof(SpecifyRegistrantDetails), new { conference = alias.Code, orderId = form.OrderId, after = existing is null ? -1 : version });
    }

    [HttpGet("/{conference}/registration/{orderId:guid}")]
    public async Task<IActionResult> SpecifyRegistrantDetails(string conference, Guid orderId, int after = -1, bool paymentRejected = false)
    {
        var (alias, page) = await FindConferenceAsync(conference, mustBePublished: false);
        if (alias is null)
        {
            return page!;
        }

        if (!Access.CanSee(HttpContext, orderId))
        {
            return OrderNotFound();
        }

        // The reservation is made by the processor: wait (bounded) until the read model has its outcome.
        var order = await waiter.WaitAsync(
            ct => Orders.FindDraftOrderAsync(orderId, ct),
            o => o is not null && o.State != DraftOrderState.Created && o.OrderVersion > after,
            Aborted);
        if (order is not null && order.ConferenceId != alias.Id)
        {
            return OrderNotFound();
        }

        if (order is null || (order.State == DraftOrderState.Created || order.OrderVersion <= after))
        {
            return PleaseWait("Reserving your seats", "We are still reserving your seats. This page refreshes by itself in a few seconds.", alias, orderId);
        }

        var redirect = Redirection(alias, order);
        if (redirect is not null)
        {
            return redirect;
        }

        var priced = await WaitForPricesAsync(order);
        if (priced is null)
        {
            return PleaseWait("Calculating your total", "We are still calculating the total of your order. This page refreshes by itself in a few seconds.", alias, order.OrderId);
        }

        // Details given before (the payment was rejected, or the registrant came back) are shown again.
        var form = new RegistrantDetailsForm { FirstName = order.RegistrantFirstName, LastName = order.RegistrantLastName, Email = order.RegistrantEmail };
        return View(await RegistrantPageAsync(alias, order, priced, form, paymentRejected));
    }

    [HttpPost("/{conference}/registration/{orderId:guid}")]
    public async Task<IActionResult> SpecifyRegistrantDetails(string conference, Guid orderId, [Bind(Prefix = "Form")] RegistrantDetailsForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (alias, order, page) = await FindConferenceOrderAsync(conference, orderId);
        if (alias is null || order is null)
        {
            return page!;
        }

        var redirect = Redirection(alias, order);
        if (redirect is not null)
        {
            return redirect;
        }

        var priced = await Orders.FindPricedOrderAsync(orderId, Aborted);
        if (order.State == DraftOrderState.Created || priced is null)
        {
            return RedirectToAction(nameof(SpecifyRegistrantDetails), new { conference = alias.Code, orderId });
        }

        if (order.Lines.All(l => l.ReservedSeats == 0))
        {
            ModelState.AddModelError(string.Empty, "None of the seats you asked for are reserved. Change your order first.");
        }

        if (!ModelState.IsValid)
        {
            return View(await RegistrantPageAsync(alias, order, priced, form, paymentRejected: false));
        }

        var email = form.Email!.Trim();
        await commands.SendAsync(new AssignRegistrantDetails(orderId, form.FirstName!.Trim(), form.LastName!.Trim(), email), Aborted);

        // Confirming or paying needs the registrant on the order first (the access code is emailed to them).
        var assigned = await waiter.WaitAsync(
            ct => Orders.FindDraftOrderAsync(orderId, ct),
            o => string.Equals(o?.RegistrantEmail, email, StringComparison.OrdinalIgnoreCase),
            Aborted);
        if (!string.Equals(assigned?.RegistrantEmail, email, StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError(string.Empty, "We could not save your details yet. Please submit them again.");
            return View(await RegistrantPageAsync(alias, order, priced, form, paymentRejected: false));
        }

        if (priced.IsFreeOfCharge || priced.Total == 0)
        {
            await commands.SendAsync(new ConfirmOrder(orderId) { Id = DeterministicId($"confirm-free/{orderId:N}") }, Aborted);
            LogFreeOrderConfirmed(logger, orderId);
            return RedirectToAction(nameof(ThankYou), new { conference = alias.Code, orderId });
        }

        var paymentId = Guid.NewGuid();
        await commands.SendAsync(
            new InitiateThirdPartyProcessorPayment(
                paymentId,
                orderId,
                alias.Id,
                $"{alias.Name}: order {orderId:N}",
                priced.Total,
                [.. priced.Lines.Select(l => new PaymentItem($"{l.Quantity} × {l.Description}", l.LineTotal))]),
            Aborted);
        LogPaymentInitiated(logger, paymentId, orderId, priced.Total);
        return RedirectToAction(nameof(PaymentController.ThirdPartyProcessorPayment), "Payment", new { conference = alias.Code, paymentId });
    }

    [HttpGet("/{conference}/registration/{orderId:guid}/expired")]
    public async Task<IActionResult> ShowExpiredOrder(string conference, Guid orderId)
    {
        var (alias, page) = await FindConferenceAsync(conference, mustBePublished: false);
        if (alias is null)
        {
            return page!;
        }

        ViewData["OrderId"] = orderId;
        return View("Expired", alias);
    }

    [HttpGet("/{conference}/registration/{orderId:guid}/thankyou")]
    public async Task<IActionResult> ThankYou(string conference, Guid orderId)
    {
        var (alias, page) = await FindConferenceAsync(conference, mustBePublished: false);
        if (alias is null)
        {
            return page!;
        }

        if (!Access.CanSee(HttpContext, orderId))
        {
            return OrderNotFound();
        }

        var order = await waiter.WaitAsync(
            ct => Orders.FindDraftOrderAsync(orderId, ct),
            o => o is null || o.State is DraftOrderState.Confirmed or DraftOrderState.Rejected,
            Aborted);
        if (order is null || order.ConferenceId != alias.Id)
        {
            return OrderNotFound();
        }

        if (order.State == DraftOrderState.Rejected)
        {
            return RedirectToAction(nameof(ShowExpiredOrder), new { conference = alias.Code, orderId });
        }

        if (order.State != DraftOrderState.Confirmed)
        {
            return PleaseWait("Confirming your order", "Your order is being confirmed. This page refreshes by itself in a few seconds.", alias, orderId);
        }

        var priced = await Orders.FindPricedOrderAsync(orderId, Aborted);
        return View(new ThankYouViewModel(alias, order, priced));
    }

    private IActionResult? Redirection(ConferenceAlias alias, DraftOrder order)
    {
        if (order.State == DraftOrderState.Confirmed)
        {
            return RedirectToAction(nameof(ThankYou), new { conference = alias.Code, orderId = order.OrderId });
        }

        return HasExpired(order, clock.UtcNow)
            ? RedirectToAction(nameof(ShowExpiredOrder), new { conference = alias.Code, orderId = order.OrderId })
            : null;
    }

    /// <summary>The totals priced on the reserved seats (the priced order follows the draft order through another generator); discount lines have no seat type.</summary>
    private async Task<PricedOrder?> WaitForPricesAsync(DraftOrder order)
    {
        var priced = await waiter.WaitAsync(ct => Orders.FindPricedOrderAsync(order.OrderId, ct), p => PricesMatch(order, p), Aborted);
        return PricesMatch(order, priced) ? priced : null;
    }

    private static bool PricesMatch(DraftOrder order, PricedOrder? priced) =>
        priced is not null
        && order.Lines.Where(l => l.ReservedSeats > 0).All(l => priced.Lines.Where(x => x.SeatType == l.SeatType).Sum(x => x.Quantity) == l.ReservedSeats)
        && priced.Lines.All(x => x.SeatType == Guid.Empty || order.Lines.Any(l => l.SeatType == x.SeatType && l.ReservedSeats > 0));

    private async Task<RegistrantPageViewModel> RegistrantPageAsync(ConferenceAlias alias, DraftOrder order, PricedOrder priced, RegistrantDetailsForm form, bool paymentRejected)
    {
        var seatTypes = await Conferences.GetSeatTypeSummariesAsync(order.Lines.Select(l => l.SeatType), Aborted);
        return new RegistrantPageViewModel
        {
            Conference = alias,
            Order = order,
            PricedOrder = priced,
            Reservation = ReservationLine.For(order, seatTypes),
            Form = form,
            PaymentRejected = paymentRejected,
        };
    }

    private SeatSelectionViewModel SeatSelection(ConferenceAlias alias, IReadOnlyList<SeatType> seatTypes, SeatSelectionForm form, DraftOrder? existing) => new()
    {
        Conference = alias,
        Form = form,
        IsUpdate = existing is not null,
        Lines = [.. seatTypes.Select(t =>
        {
            // Seats this order already holds are available to it again when it changes.
            var held = existing?.Lines.FirstOrDefault(l => l.SeatType == t.Id)?.ReservedSeats ?? 0;
            var available = Math.Max(0, t.AvailableQuantity) + held;
            return new SeatSelectionLine(t.Id, t.Name, t.Description, t.Price, available, Math.Min(available, SeatSelectionViewModel.MaximumPerSeatType));
        })],
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} {Action} for conference {ConferenceCode}")]
    private static partial void LogOrderSent(ILogger logger, Guid orderId, string conferenceCode, string action);

    [LoggerMessage(Level = LogLevel.Information, Message = "Free order {OrderId} confirmed without payment")]
    private static partial void LogFreeOrderConfirmed(ILogger logger, Guid orderId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} of {Total} initiated for order {OrderId}")]
    private static partial void LogPaymentInitiated(ILogger logger, Guid paymentId, Guid orderId, decimal total);
}
