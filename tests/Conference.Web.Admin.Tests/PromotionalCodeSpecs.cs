using System.Net;
using Infrastructure.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Web.Admin.Tests;

/// <summary>The promotional codes page of the management site: what the form refuses, with a message and never a 500, and what it sends.</summary>
public sealed class PromotionalCodeSpecs(AdminSiteFactory site) : IClassFixture<AdminSiteFactory>
{
    public static TheoryData<string, string, string, string, string> BadInput => new()
    {
        { new string('A', 500), "Percentage", "10", "", "A code is at most 20 letters and digits." },
        { "WS-10", "Percentage", "10", "", "A code is letters and digits only." },
        { "WS10", "Percentage", "-10", "", "The discount must be between 0.01 and 100000." },
        { "WS10", "Percentage", "101", "", "A percentage is at most 100." },
        { "WS10", "AmountOffOrder", "abc", "", "The value 'abc' is not valid" },
        { "WS10", "Percentage", "10", "0", "The quota must be at least 1 use" },
        { "WS10", "Percentage", "10", "101", "The quota cannot be larger than the 100 seats of the seat types it applies to." },
        { "", "Percentage", "10", "", "Enter the code." },
    };

    [Fact]
    public async Task given_the_promotional_code_form_when_it_is_shown_then_it_carries_its_own_antiforgery_token()
    {
        // A browser sends only the fields of the form submitted, not the sign-out form's token.
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        await client.CreateConferenceAsync(slug);

        var page = await client.GetAsync($"/conferences/{slug}/promotional-codes/create");

        var start = page.Html.IndexOf("id=\"promotional-code-form\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "The page has no promotional code form.");
        var form = page.Html[start..page.Html.IndexOf("</form>", start, StringComparison.Ordinal)];
        Assert.Contains("name=\"__RequestVerificationToken\"", form, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task given_the_promotional_code_form_when_the_input_is_bad_then_a_message_is_shown_and_nothing_is_sent(string code, string kind, string amount, string quota, string message)
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        await client.CreateConferenceAsync(slug);
        await client.PostAsync($"/conferences/{slug}/seats/create", Forms.SeatType("General admission", "199", "100"));

        var refused = await client.PostAsync($"/conferences/{slug}/promotional-codes/create", Code(code, kind, amount, quota), tokenFrom: $"/conferences/{slug}/promotional-codes/create");

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains(message, refused.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_the_promotional_code_form_when_an_unknown_seat_type_is_posted_then_it_is_refused()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        await client.CreateConferenceAsync(slug);
        await client.PostAsync($"/conferences/{slug}/seats/create", Forms.SeatType("General admission", "199", "100"));
        var fields = Code("VOLUNTEER", "Percentage", "100", "");
        fields.Add(new("SeatTypes", Guid.NewGuid().ToString()));

        var refused = await client.PostAsync($"/conferences/{slug}/promotional-codes/create", fields, tokenFrom: $"/conferences/{slug}/promotional-codes/create");

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("One of the seat types chosen is not a seat type of this conference.", refused.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_a_conference_when_a_valid_code_is_saved_then_define_promotional_code_is_sent_and_the_list_is_shown()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        await client.CreateConferenceAsync(slug);

        var saved = await client.PostAsync($"/conferences/{slug}/promotional-codes/create", Code("ws10", "AmountOffOrder", "20", ""), tokenFrom: $"/conferences/{slug}/promotional-codes/create");

        Assert.Equal($"/conferences/{slug}/promotional-codes", saved.LocationPath);
        var list = await client.FollowAsync(saved);
        Assert.Contains("The promotional code WS10 was saved", list.Text, StringComparison.Ordinal);
        var receiver = site.Services.GetRequiredService<IMessageTransport>().CreateReceiver("conference/commands", "Discounts.PromotionalCodeCommandHandler");
        var received = await receiver.ReceiveAsync(TimeSpan.FromSeconds(10), default);
        Assert.NotNull(received);
        Assert.Equal("DefinePromotionalCode", received.Message.TypeName);
        Assert.Contains("\"WS10\"", received.Message.Body, StringComparison.Ordinal);
    }

    private static List<KeyValuePair<string, string>> Code(string code, string kind, string amount, string quota) =>
        [new("Code", code), new("Kind", kind), new("Amount", amount), new("Quota", quota), new("Combining", "None"), new("ValidUntil", "")];
}
