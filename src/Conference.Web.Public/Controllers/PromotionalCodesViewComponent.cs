using Conference.Web.Public.Models;
using Microsoft.AspNetCore.Mvc;
using Registration.ReadModel;

namespace Conference.Web.Public.Controllers;

/// <summary>The promotional codes of the registrant page: the entry form and the outcome of each code entered.</summary>
public sealed class PromotionalCodesViewComponent(IPromotionalCodeDao codes) : ViewComponent
{
    public const string ErrorKey = "PromotionalCodesError";
    public const string EnteredKey = "PromotionalCodesEntered";

    public async Task<IViewComponentResult> InvokeAsync(string conference, Guid orderId)
    {
        var found = await codes.FindOrderPromotionalCodesAsync(orderId, HttpContext.RequestAborted);
        var outcomes = found?.Codes ?? [];
        var entered = TempData[EnteredKey] as string ?? string.Join(' ', outcomes.Select(c => c.Code));
        return View(new PromotionalCodesViewModel(conference, orderId, outcomes, entered, TempData[ErrorKey] as string));
    }
}
