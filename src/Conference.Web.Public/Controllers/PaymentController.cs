using Conference.Web.Public.Models;
using Infrastructure.Messaging;
using Microsoft.AspNetCore.Mvc;
using Payments;
using Payments.Contracts.Commands;
using Payments.ReadModel;
using Registration.ReadModel;

namespace Conference.Web.Public.Controllers;

/// <summary>
/// The third-party payment processor, simulated: its page shows the amount with Accept and Reject,
/// which complete or cancel the payment the registration started.
/// </summary>
public sealed partial class PaymentController(
    IConferenceDao conferences,
    IOrderDao orders,
    OrderAccess access,
    IPaymentDao payments,
    ICommandBus commands,
    ReadModelWaiter waiter,
    ExpiryClock clock,
    ILogger<PaymentController> logger) : PublicController(conferences, orders, access)
{
    [HttpGet("/{conference}/pay/{paymentId:guid}")]
    public async Task<IActionResult> ThirdPartyProcessorPayment(string conference, Guid paymentId)
    {
        var (alias, page) = await FindConferenceAsync(conference, mustBePublished: false);
        if (alias is null)
        {
            return page!;
        }

        var payment = await waiter.WaitAsync(ct => payments.FindThirdPartyProcessorPaymentDetailsAsync(paymentId, ct), p => p is not null, Aborted);
        if (payment is null)
        {
            return PleaseWait("Contacting the payment processor", "Your payment is being prepared. This page refreshes by itself in a few seconds.");
        }

        var (order, redirect) = await CheckAsync(alias, payment);
        if (order is null)
        {
            return redirect!;
        }

        return View(new PaymentPageViewModel(alias, payment));
    }

    [HttpPost("/{conference}/pay/{paymentId:guid}/accept")]
    public Task<IActionResult> Accept(string conference, Guid paymentId) => SettleAsync(conference, paymentId, accepted: true);

    [HttpPost("/{conference}/pay/{paymentId:guid}/reject")]
    public Task<IActionResult> Reject(string conference, Guid paymentId) => SettleAsync(conference, paymentId, accepted: false);

    private async Task<IActionResult> SettleAsync(string conference, Guid paymentId, bool accepted)
    {
        var (alias, page) = await FindConferenceAsync(conference, mustBePublished: false);
        if (alias is null)
        {
            return page!;
        }

        var payment = await payments.FindThirdPartyProcessorPaymentDetailsAsync(paymentId, Aborted);
        if (payment is null)
        {
            return OrderNotFound();
        }

        var (order, redirect) = await CheckAsync(alias, payment);
        if (order is null)
        {
            return redirect!;
        }

        if (accepted)
        {
            await commands.SendAsync(new CompleteThirdPartyProcessorPayment(paymentId) { Id = DeterministicId($"complete/{paymentId:N}") }, Aborted);
            LogSettled(logger, paymentId, "accepted");
            return RedirectToAction(nameof(RegistrationController.ThankYou), "Registration", new { conference = alias.Code, orderId = order.OrderId });
        }

        await commands.SendAsync(new CancelThirdPartyProcessorPayment(paymentId) { Id = DeterministicId($"cancel/{paymentId:N}") }, Aborted);
        LogSettled(logger, paymentId, "rejected");
        return RedirectToAction(nameof(RegistrationController.SpecifyRegistrantDetails), "Registration", new { conference = alias.Code, orderId = order.OrderId, paymentRejected = true });
    }

    /// <summary>The order paid for, when this browser may see it and it can still be paid; otherwise where to go instead.</summary>
    private async Task<(DraftOrder? Order, IActionResult? Redirect)> CheckAsync(ConferenceAlias alias, ThirdPartyProcessorPaymentDetails payment)
    {
        var order = await FindVisibleOrderAsync(alias, payment.PaymentSourceId);
        if (order is null)
        {
            return (null, OrderNotFound());
        }

        if (order.State == DraftOrderState.Confirmed || payment.State == PaymentState.Completed)
        {
            return (null, RedirectToAction(nameof(RegistrationController.ThankYou), "Registration", new { conference = alias.Code, orderId = order.OrderId }));
        }

        if (HasExpired(order, clock.UtcNow))
        {
            return (null, RedirectToAction(nameof(RegistrationController.ShowExpiredOrder), "Registration", new { conference = alias.Code, orderId = order.OrderId }));
        }

        if (payment.State == PaymentState.Rejected)
        {
            return (null, RedirectToAction(nameof(RegistrationController.SpecifyRegistrantDetails), "Registration", new { conference = alias.Code, orderId = order.OrderId, paymentRejected = true }));
        }

        return (order, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} {Outcome} by the registrant")]
    private static partial void LogSettled(ILogger logger, Guid paymentId, string outcome);
}
