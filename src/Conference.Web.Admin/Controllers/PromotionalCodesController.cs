using Conference.Web.Admin.Models;
using Conference.Web.Admin.Security;
using Discounts.Contracts;
using Discounts.Contracts.Commands;
using Infrastructure.Messaging;
using Microsoft.AspNetCore.Mvc;
using Registration.ReadModel;

namespace Conference.Web.Admin.Controllers;

/// <summary>
/// The promotional codes of the business customer's conference: list, create, edit. The page checks
/// what it can know (the seat types and their quotas are Conference Management's); the code itself is
/// defined by the Discounts context, to which it sends DefinePromotionalCode.
/// </summary>
[Route("conferences/{slug}/promotional-codes")]
[ServiceFilter<ConferenceAccessFilter>]
public sealed class PromotionalCodesController(ConferenceService conferences, IPromotionalCodeDao codes, ICommandBus commands) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string slug)
    {
        var conference = ConferenceAccessFilter.Current(HttpContext);
        await ShowAsync(conference);
        return View(await codes.GetPromotionalCodesAsync(conference.Id, HttpContext.RequestAborted));
    }

    [HttpGet("create")]
    public async Task<IActionResult> Create(string slug)
    {
        await ShowAsync(ConferenceAccessFilter.Current(HttpContext));
        return View("Edit", new PromotionalCodeFormModel { Kind = DiscountKind.Percentage });
    }

    [HttpPost("create")]
    public Task<IActionResult> Create(string slug, PromotionalCodeFormModel model) => SaveAsync(model, isNew: true);

    [HttpGet("{code}/edit")]
    public async Task<IActionResult> Edit(string slug, string code)
    {
        var conference = ConferenceAccessFilter.Current(HttpContext);
        var found = code.Length > 20 ? null : await codes.FindPromotionalCodeAsync(conference.Id, code, HttpContext.RequestAborted);
        if (found is null)
        {
            return NotFound();
        }

        await ShowAsync(conference, found.Code);
        return View(PromotionalCodeFormModel.From(found));
    }

    [HttpPost("{code}/edit")]
    public Task<IActionResult> Edit(string slug, string code, PromotionalCodeFormModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Code = code;
        return SaveAsync(model, isNew: false);
    }

    private async Task<IActionResult> SaveAsync(PromotionalCodeFormModel model, bool isNew)
    {
        ArgumentNullException.ThrowIfNull(model);
        var conference = ConferenceAccessFilter.Current(HttpContext);
        var seatTypes = await conferences.FindSeatTypesAsync(conference.Id, HttpContext.RequestAborted);
        await ShowAsync(conference, isNew ? null : model.Code);
        if (model.Kind == DiscountKind.Percentage && model.Amount > 100)
        {
            ModelState.AddModelError(nameof(model.Amount), "A percentage is at most 100.");
        }

        if (model.SeatTypes.Any(id => seatTypes.All(s => s.Id != id)))
        {
            ModelState.AddModelError(nameof(model.SeatTypes), "One of the seat types chosen is not a seat type of this conference.");
        }

        var covered = seatTypes.Where(s => model.SeatTypes.Count == 0 || model.SeatTypes.Contains(s.Id)).Sum(s => s.Quantity);
        if (model.Quota > covered)
        {
            ModelState.AddModelError(nameof(model.Quota), $"The quota cannot be larger than the {covered} seats of the seat types it applies to.");
        }

        var existing = ModelState.IsValid ? await codes.FindPromotionalCodeAsync(conference.Id, model.Code!.Trim(), HttpContext.RequestAborted) : null;
        if (isNew && existing is not null)
        {
            ModelState.AddModelError(nameof(model.Code), "This conference already has this code.");
        }
        else if (!isNew && existing is null && ModelState.IsValid)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return View("Edit", model);
        }

        var text = PromotionalCodeIdentity.Normalize(model.Code!);
        var validUntil = model.ValidUntil is { } until ? new DateTimeOffset(DateTime.SpecifyKind(until, DateTimeKind.Utc)) : (DateTimeOffset?)null;
        await commands.SendAsync(
            new DefinePromotionalCode(conference.Id, text, model.Kind!.Value, decimal.Round(model.Amount!.Value, 2), [.. model.SeatTypes.Distinct()], model.Quota, model.Combining, validUntil),
            HttpContext.RequestAborted);
        TempData[ConferencesController.NoticeKey] = $"The promotional code {text} was saved; it is on the registration site in a moment.";
        return RedirectToAction(nameof(Index), new { slug = conference.Slug });
    }

    private async Task ShowAsync(ConferenceInfo conference, string? code = null)
    {
        ViewBag.Conference = conference;
        ViewBag.SeatTypes = await conferences.FindSeatTypesAsync(conference.Id, HttpContext.RequestAborted);
        ViewBag.Code = code;
    }
}
