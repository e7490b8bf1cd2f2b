using System.Net;
using Discounts.Contracts;
using Discounts.Contracts.Commands;
using Infrastructure.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Registration.ReadModel;

namespace Conference.Web.Public.Tests;

/// <summary>Promotional codes on the registrant page, against the real processor (the book's conference: $199, $500, $50).</summary>
public sealed partial class RegistrationSpecs
{
    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "A promotional code is 1 to 20 letters and digits")]
    [InlineData("WS-10", "A promotional code is 1 to 20 letters and digits")]
    [InlineData("A B C D E F G H I J K", "Enter at most 10 codes.")]
    public async Task given_a_reserved_order_when_a_malformed_code_is_entered_then_the_page_says_so_and_nothing_is_sent(string codes, string message)
    {
        var (client, orderId, page) = await PlaceOrderAsync(fixture.Book, ("General admission", 1));

        var response = await Pages.PostFormAsync(client, $"/{fixture.Book.Slug}/registration/{orderId}/promotional-codes", page, [new("PromotionalCodes.Codes", codes)]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var shown = await FollowUntilAsync(client, Pages.Location(response), "promotional-codes-error");
        Assert.Contains(message, shown, StringComparison.Ordinal);
        Assert.Null(await fixture.Processor.GetRequiredService<IPromotionalCodeDao>().FindOrderPromotionalCodesAsync(orderId, default));
    }

    [Fact]
    public async Task given_a_reserved_order_when_500_characters_are_entered_then_a_message_is_shown_not_an_error()
    {
        var (client, orderId, page) = await PlaceOrderAsync(fixture.Book, ("General admission", 1));

        var response = await Pages.PostFormAsync(client, $"/{fixture.Book.Slug}/registration/{orderId}/promotional-codes", page, [new("PromotionalCodes.Codes", new string('A', 500))]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Enter at most 10 codes.", await FollowUntilAsync(client, Pages.Location(response), "promotional-codes-error"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SPEAKER123", "$0.00", "SPEAKER123</strong>: applied")]
    [InlineData("VOLUNTEER", "$600.00", "VOLUNTEER</strong>: applied")]
    [InlineData("COPRESENTER WS10", "$1,167.00", "WS10</strong>: applied")]
    [InlineData("copresenter volunteer", "$1,187.00", "VOLUNTEER</strong>: refused: it cannot be combined with the other codes")]
    [InlineData("NOSUCHCODE", "$1,197.00", "NOSUCHCODE</strong>: refused: there is no such code")]
    public async Task given_an_order_of_three_general_admissions_a_workshop_and_two_cocktails_when_codes_are_entered_then_the_total_is_as_the_scenarios_say(string codes, string total, string outcome)
    {
        await DefineScenarioCodesAsync();
        var (client, orderId, page) = await PlaceOrderAsync(fixture.Book, ("General admission", 3), ("CQRS Workshop", 1), ("Additional cocktail party", 2));
        Assert.Contains("$1,197.00", page, StringComparison.Ordinal);

        var response = await Pages.PostFormAsync(client, $"/{fixture.Book.Slug}/registration/{orderId}/promotional-codes", page, [new("PromotionalCodes.Codes", codes)]);
        var shown = await FollowUntilAsync(client, Pages.Location(response), "promotional-code-outcomes");

        Assert.Contains(outcome, shown, StringComparison.Ordinal);
        Assert.Contains($"<td id=\"total\">{total}</td>", shown, StringComparison.Ordinal);
        Assert.Contains(total == "$0.00" ? "Complete registration" : "Proceed to payment", shown, StringComparison.Ordinal);
    }

    /// <summary>The codes of the scenarios for the book's conference; defining them again changes nothing.</summary>
    private async Task DefineScenarioCodesAsync()
    {
        var (general, workshop, cocktail) = (fixture.Book.SeatTypes["General admission"], fixture.Book.SeatTypes["CQRS Workshop"], fixture.Book.SeatTypes["Additional cocktail party"]);
        var definitions = new[]
        {
            new DefinePromotionalCode(fixture.Book.Id, "SPEAKER123", DiscountKind.Percentage, 100m, [], null, CombiningRule.None, null),
            new DefinePromotionalCode(fixture.Book.Id, "VOLUNTEER", DiscountKind.Percentage, 100m, [general], null, CombiningRule.None, null),
            new DefinePromotionalCode(fixture.Book.Id, "COPRESENTER", DiscountKind.Percentage, 10m, [cocktail], null, CombiningRule.Exclusive, null),
            new DefinePromotionalCode(fixture.Book.Id, "WS10", DiscountKind.AmountOffOrder, 20m, [], null, CombiningRule.Cumulative, null),
            new DefinePromotionalCode(fixture.Book.Id, "1TIMEPRECON", DiscountKind.Percentage, 50m, [workshop], 1, CombiningRule.None, null),
            new DefinePromotionalCode(fixture.Book.Id, "CONFONLY", DiscountKind.AmountOffOrder, 50m, [general, workshop], 1, CombiningRule.None, null),
        };
        await fixture.Processor.GetRequiredService<ICommandBus>().SendAsync(definitions.Select(d => new Envelope<ICommand>(d)), default);
        var codes = fixture.Processor.GetRequiredService<IPromotionalCodeDao>();
        await PublicSiteFixture.WaitForAsync(async () => (await codes.GetPromotionalCodesAsync(fixture.Book.Id, default)).Count == definitions.Length, "the promotional codes in the read model");
    }
}
