using System.Net;

namespace Conference.Web.Admin.Tests;

public sealed class SeatTypeSpecs(AdminSiteFactory site) : IClassFixture<AdminSiteFactory>
{
    [Fact]
    public async Task given_a_conference_when_a_seat_type_is_added_then_it_is_listed_and_SeatCreated_is_published()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        await client.CreateConferenceAsync(slug);

        var added = await client.PostAsync($"/conferences/{slug}/seats/create", Forms.SeatType("General admission", "199", "100"));

        Assert.Equal($"/conferences/{slug}/seats", added.Location);
        var list = await client.FollowAsync(added);
        Assert.Contains("The seat type 'General admission' was added.", list.Text, StringComparison.Ordinal);
        Assert.Matches("General admission .* 199.00 100", list.Text);
        var seat = Assert.Single(await SeatTypesAsync(slug));
        Assert.Equal((199m, 100), (seat.Price, seat.Quantity));
        await site.EventuallyPublishedAsync("SeatCreated", seat.Id);
    }

    [Fact]
    public async Task given_the_seat_type_form_when_it_is_opened_then_each_text_field_says_how_many_characters_it_takes_and_the_server_keeps_the_same_limit()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        await client.CreateConferenceAsync(slug);

        var form = await client.GetAsync($"/conferences/{slug}/seats/create");

        Assert.Contains("maxlength=\"70\"", form.Html, StringComparison.Ordinal);
        Assert.Contains("At most 70 characters.", form.Text, StringComparison.Ordinal);
        Assert.Contains("At most 250 characters.", form.Text, StringComparison.Ordinal);
        var refused = await client.PostAsync($"/conferences/{slug}/seats/create", Forms.SeatType(new string('n', 71), "199", "100"));
        Assert.Contains("The name cannot be longer than 70 characters.", refused.Text, StringComparison.Ordinal);
        Assert.Empty(await SeatTypesAsync(slug));
    }

    [Theory]
    [InlineData("150")]
    [InlineData("40")]
    public async Task given_a_seat_type_when_its_quota_and_price_change_then_the_list_shows_them_and_SeatUpdated_is_published(string quota)
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        await client.CreateConferenceAsync(slug);
        await client.PostAsync($"/conferences/{slug}/seats/create", Forms.SeatType());
        var seat = Assert.Single(await SeatTypesAsync(slug));

        var saved = await client.PostAsync($"/conferences/{slug}/seats/{seat.Id}/edit", Forms.SeatType("General admission", "249.50", quota));

        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var list = await client.FollowAsync(saved);
        Assert.Matches($"General admission .* 249.50 {quota}", list.Text);
        Assert.Equal(int.Parse(quota, System.Globalization.CultureInfo.InvariantCulture), Assert.Single(await SeatTypesAsync(slug)).Quantity);
        var updated = await site.EventuallyPublishedAsync("SeatUpdated", seat.Id);
        Assert.Contains(quota, updated, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Price", "-1", "The price must be between 0 and 50000.")]
    [InlineData("Price", "abc", "The value 'abc' is not valid for Price.")]
    [InlineData("Price", "1.234", "The price cannot have more than two decimals.")]
    [InlineData("Price", "99999999999999999999999999999999", "is not valid for Price.")]
    [InlineData("Quantity", "100001", "The quota must be between 0 and 100000.")]
    [InlineData("Quantity", "1.5", "The value '1.5' is not valid for Quota.")]
    [InlineData("Quantity", "", "Enter the quota: how many seats are for sale.")]
    [InlineData("Name", "", "Enter the seat type's name.")]
    public async Task given_a_bad_value_when_a_seat_type_is_added_then_the_form_says_why_and_nothing_is_added(string field, string value, string message)
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        await client.CreateConferenceAsync(slug);
        var form = Forms.SeatType();
        form[field] = value;

        var page = await client.PostAsync($"/conferences/{slug}/seats/create", form);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(message, page.Text, StringComparison.Ordinal);
        Assert.Empty(await SeatTypesAsync(slug));
    }

    [Fact]
    public async Task given_a_conference_never_published_when_a_seat_type_is_deleted_then_it_is_gone()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        await client.CreateConferenceAsync(slug);
        await client.PostAsync($"/conferences/{slug}/seats/create", Forms.SeatType());
        var seat = Assert.Single(await SeatTypesAsync(slug));

        var deleted = await client.PostAsync($"/conferences/{slug}/seats/{seat.Id}/delete", [], tokenFrom: $"/conferences/{slug}/seats");

        Assert.Contains("The seat type 'General admission' was deleted.", (await client.FollowAsync(deleted)).Text, StringComparison.Ordinal);
        Assert.Empty(await SeatTypesAsync(slug));

        // Registration already knows the seat type: the delete reaches it as a quota of zero.
        var events = (await site.PublishedEventsAsync()).Where(e => e.StartsWith("SeatUpdated ", StringComparison.Ordinal) && e.Contains(seat.Id.ToString(), StringComparison.OrdinalIgnoreCase));
        Assert.Single(events);
    }

    [Fact]
    public async Task given_a_conference_published_once_when_a_seat_type_is_deleted_then_it_is_refused_and_no_delete_button_is_offered()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        await client.CreateConferenceAsync(slug);
        await client.PostAsync($"/conferences/{slug}/seats/create", Forms.SeatType());
        var seat = Assert.Single(await SeatTypesAsync(slug));
        Assert.Contains("Delete General admission", (await client.GetAsync($"/conferences/{slug}/seats")).Html, StringComparison.Ordinal);
        await client.PostAsync($"/conferences/{slug}/publish", [], tokenFrom: $"/conferences/{slug}");
        await client.PostAsync($"/conferences/{slug}/unpublish", [], tokenFrom: $"/conferences/{slug}");

        var list = await client.GetAsync($"/conferences/{slug}/seats");
        Assert.DoesNotContain("Delete General admission", list.Html, StringComparison.Ordinal);
        Assert.Contains("its seat types can no longer be deleted", list.Text, StringComparison.Ordinal);

        var refused = await client.FollowAsync(await client.PostAsync($"/conferences/{slug}/seats/{seat.Id}/delete", [], tokenFrom: $"/conferences/{slug}/seats"));
        Assert.Contains("Seat types cannot be deleted once the conference has been published", refused.Text, StringComparison.Ordinal);
        Assert.Single(await SeatTypesAsync(slug));
    }

    [Fact]
    public async Task given_an_unknown_seat_type_id_when_it_is_edited_or_deleted_then_not_found_answers()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        await client.CreateConferenceAsync(slug);
        var unknown = Guid.NewGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/conferences/{slug}/seats/{unknown}/edit")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/conferences/{slug}/seats/{unknown}/edit", Forms.SeatType(), tokenFrom: $"/conferences/{slug}/seats/create")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/conferences/{slug}/seats/{unknown}/delete", [], tokenFrom: $"/conferences/{slug}/seats/create")).Status);
    }

    private Task<IReadOnlyList<SeatType>> SeatTypesAsync(string slug) =>
        site.WithConferencesAsync(async s => await s.FindSeatTypesAsync((await site.ConferenceAsync(slug)).Id, default));
}
