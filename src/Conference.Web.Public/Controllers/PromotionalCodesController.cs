using Conference.Web.Public.Models;
using Discounts.Contracts;
using Infrastructure.Messaging;
using Microsoft.AspNetCore.Mvc;
using Registration.Contracts.Commands;
using Registration.ReadModel;

namespace Conference.Web.Public.Controllers;

/// <summary>The registrant enters promotional codes for an order before paying; the registrant page shows what they came to.</summary>
public sealed partial class PromotionalCodesController(
    IConferenceDao conferences,
    IOrderDao orders,
    IPromotionalCodeDao codes,
    OrderAccess access,
    ICommandBus commands,
    ReadModelWaiter waiter,
    ExpiryClock clock,
    ILogger<PromotionalCodesController> logger) : PublicController(conferences, orders, access)
{
    [HttpPost("/{conference}/registration/{orderId:guid}/promotional-codes")]
    public async Task<IActionResult> ApplyPromotionalCodes(string conference, Guid orderId, [Bind(Prefix = "PromotionalCodes")] PromotionalCodesForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (alias, order, page) = await FindConferenceOrderAsync(conference, orderId);
        if (alias is null || order is null)
        {
            return page!;
        }

        var registrantPage = RedirectToAction("SpecifyRegistrantDetails", "Registration", new { conference = alias.Code, orderId });
        if (order.State == Registration.ReadModel.DraftOrderState.Confirmed || HasExpired(order, clock.UtcNow))
        {
            return registrantPage;
        }

        var (entered, error) = ModelState.IsValid ? form.Parse() : ([], ModelState.Values.SelectMany(v => v.Errors).First().ErrorMessage);
        if (error is not null)
        {
            TempData[PromotionalCodesViewComponent.ErrorKey] = error;
            TempData[PromotionalCodesViewComponent.EnteredKey] = form.Codes is { Length: > PromotionalCodesForm.MaximumLength } text ? text[..PromotionalCodesForm.MaximumLength] : form.Codes;
            return registrantPage;
        }

        await commands.SendAsync(new Registration.Contracts.Commands.ApplyPromotionalCodes(orderId, entered), Aborted);
        LogCodesEntered(logger, orderId, entered.Count);

        // The registrant page shows the outcome of these codes and the total priced with them.
        var wanted = entered.Select(PromotionalCodeIdentity.Normalize).Order(StringComparer.Ordinal).ToList();
        var outcome = await waiter.WaitAsync(
            ct => codes.FindOrderPromotionalCodesAsync(orderId, ct),
            o => (o?.Codes ?? []).Select(c => PromotionalCodeIdentity.Normalize(c.Code)).Order(StringComparer.Ordinal).SequenceEqual(wanted),
            Aborted);
        if (outcome is not null)
        {
            await waiter.WaitAsync(ct => Orders.FindPricedOrderAsync(orderId, ct), p => p is not null && p.OrderVersion > outcome.Version, Aborted);
        }

        return registrantPage;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId}: {Count} promotional codes entered")]
    private static partial void LogCodesEntered(ILogger logger, Guid orderId, int count);
}
