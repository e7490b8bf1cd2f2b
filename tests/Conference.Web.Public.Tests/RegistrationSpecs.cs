using System.Net;
using System.Text.RegularExpressions;
using Infrastructure.BlobStorage;
using Infrastructure.Email;
using Infrastructure.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Registration.Contracts.Events;
using Registration.ReadModel;
using Registration.ReadModel.Notifications;

namespace Conference.Web.Public.Tests;

[Collection(PublicSiteCollection.Name)]
public sealed partial class RegistrationSpecs(PublicSiteFixture fixture)
{
    [Fact]
    public async Task given_an_unknown_conference_when_its_page_is_opened_then_a_clear_not_found_page_is_shown()
    {
        var response = await fixture.Client().GetAsync("/no-such-conference");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no conference at this address", await Pages.ReadAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_an_unpublished_conference_when_registering_then_a_not_open_page_is_shown()
    {
        var response = await fixture.Client().GetAsync($"/{fixture.Unpublished.Slug}/register");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("is not open for registration", await Pages.ReadAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_a_published_conference_when_choosing_seats_then_prices_availability_and_at_most_20_per_seat_type_are_offered()
    {
        var html = await fixture.Client().GetStringAsync($"/{fixture.Book.Slug}/register");

        Assert.Contains("General admission", html, StringComparison.Ordinal);
        Assert.Contains("$199.00", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"20\">20</option>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<option value=\"21\">", html, StringComparison.Ordinal);
        Assert.Contains("<label class=\"fw-semibold\" for=\"Form_Seats_0__Quantity\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_a_seat_selection_when_posted_without_the_antiforgery_token_then_it_is_rejected_with_400()
    {
        var response = await fixture.Client().PostAsync($"/{fixture.Book.Slug}/register", new FormUrlEncodedContent([new("Form.OrderId", Guid.NewGuid().ToString())]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The form could not be accepted", await Pages.ReadAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_a_seat_selection_when_no_seat_is_chosen_then_the_form_says_so()
    {
        var client = fixture.Client();
        var page = await client.GetStringAsync($"/{fixture.Book.Slug}/register");

        var response = await Pages.PostFormAsync(client, $"/{fixture.Book.Slug}/register", page, SeatFields(Guid.NewGuid(), (fixture.Book.SeatTypes["General admission"], "0")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose at least one seat.", await Pages.ReadAsync(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("21")]
    [InlineData("-1")]
    [InlineData("99999999999999999999")]
    public async Task given_a_seat_selection_when_the_quantity_is_garbage_then_a_validation_message_not_an_error_is_shown(string quantity)
    {
        var client = fixture.Client();
        var page = await client.GetStringAsync($"/{fixture.Book.Slug}/register");

        var response = await Pages.PostFormAsync(client, $"/{fixture.Book.Slug}/register", page, SeatFields(Guid.NewGuid(), (fixture.Book.SeatTypes["General admission"], quantity)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text-danger", await Pages.ReadAsync(response), StringComparison.Ordinal);
        Assert.Matches("field-validation-error|validation-summary-errors", await Pages.ReadAsync(response));
    }

    [Fact]
    public async Task given_a_seat_selection_when_an_unknown_seat_type_is_posted_then_the_form_says_so()
    {
        var client = fixture.Client();
        var page = await client.GetStringAsync($"/{fixture.Book.Slug}/register");

        var response = await Pages.PostFormAsync(client, $"/{fixture.Book.Slug}/register", page, SeatFields(Guid.NewGuid(), (Guid.NewGuid(), "1")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no longer on sale", await Pages.ReadAsync(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/x/registration/not-a-guid")]
    [InlineData("/x/order/12345/seats")]
    [InlineData("/%01%02/register")]
    public async Task given_garbage_route_values_when_requested_then_the_answer_is_404_not_500(string url)
    {
        var response = await fixture.Client().GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task given_an_over_long_conference_code_when_requested_then_the_answer_is_404()
    {
        var response = await fixture.Client().GetAsync("/" + new string('a', 5000) + "/register");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task given_an_order_of_another_browser_when_its_pages_are_opened_then_it_is_not_shown()
    {
        var (owner, orderId, _) = await PlaceOrderAsync(fixture.Book, ("General admission", 1));
        var stranger = fixture.Client();

        foreach (var url in new[] { $"/{fixture.Book.Slug}/registration/{orderId}", $"/{fixture.Book.Slug}/order/{orderId}", $"/{fixture.Book.Slug}/order/{orderId}/seats", $"/{fixture.Book.Slug}/registration/{orderId}/thankyou" })
        {
            var response = await stranger.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("We cannot show this order", await Pages.ReadAsync(response), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/{fixture.Book.Slug}/order/{orderId}")).StatusCode);
    }

    [Fact]
    public async Task given_a_reservation_when_the_registrant_details_are_invalid_then_each_field_says_what_is_wrong()
    {
        var (client, orderId, page) = await PlaceOrderAsync(fixture.Book, ("General admission", 1));

        var response = await Pages.PostFormAsync(client, $"/{fixture.Book.Slug}/registration/{orderId}", page, [new("Form.FirstName", ""), new("Form.LastName", new string('x', 500)), new("Form.Email", "not-an-email")]);

        var html = await Pages.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter your first name.", html, StringComparison.Ordinal);
        Assert.Contains("The last name can have at most 100 characters.", html, StringComparison.Ordinal);
        Assert.Contains("Enter a valid email address.", html, StringComparison.Ordinal);
        Assert.Contains("data-val-required=\"Enter your first name.\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_the_books_order_when_the_registrant_pays_then_the_access_code_is_shown_and_emailed_and_seats_can_be_assigned()
    {
        var email = $"william.{Guid.NewGuid():N}@fabrikam.example";
        var (client, orderId, page) = await PlaceOrderAsync(fixture.Book, ("General admission", 1), ("Additional cocktail party", 1));
        Assert.Contains("$249.00", page, StringComparison.Ordinal);
        Assert.Contains("id=\"countdown\"", page, StringComparison.Ordinal);
        Assert.Contains("Your seats are reserved.", page, StringComparison.Ordinal);

        var payment = await Pages.PostFormAsync(client, $"/{fixture.Book.Slug}/registration/{orderId}", page, [new("Form.FirstName", "William"), new("Form.LastName", "Flash"), new("Form.Email", email)]);
        var paymentUrl = Pages.Location(payment);
        Assert.Contains("/pay/", paymentUrl, StringComparison.Ordinal);
        var paymentPage = await FollowUntilAsync(client, paymentUrl, "Accept");
        Assert.Contains("$249.00", paymentPage, StringComparison.Ordinal);

        var accepted = await Pages.PostFormAsync(client, paymentUrl + "/accept", paymentPage, []);
        var thankYou = await FollowUntilAsync(client, Pages.Location(accepted), "access-code");
        var accessCode = AccessCodePattern().Match(thankYou).Groups[1].Value;
        Assert.Equal(6, accessCode.Length);

        await PublicSiteFixture.WaitForAsync(() => Task.FromResult(Directory.Exists(fixture.MailDirectory) && Directory.GetFiles(fixture.MailDirectory, $"order-confirmed-{orderId:N}.eml").Length == 1), "the confirmation email");
        var mail = await File.ReadAllTextAsync(Path.Combine(fixture.MailDirectory, $"order-confirmed-{orderId:N}.eml"));
        Assert.Contains($"To: {email}", mail, StringComparison.Ordinal);
        Assert.Contains(accessCode, mail, StringComparison.Ordinal);

        // Someone else, with the email and access code, finds the order.
        var other = fixture.Client();
        var findPage = await other.GetStringAsync($"/{fixture.Book.Slug}/order/find");
        var found = await Pages.PostFormAsync(other, $"/{fixture.Book.Slug}/order/find", findPage, [new("Form.Email", email.ToUpperInvariant()), new("Form.AccessCode", accessCode)]);
        Assert.Equal($"/{fixture.Book.Slug}/order/{orderId}", Pages.Location(found));
        var seatsPage = await FollowUntilAsync(other, $"/{fixture.Book.Slug}/order/{orderId}/seats", "seat-assignments");
        Assert.Equal(2, FieldsetPattern().Matches(seatsPage).Count);

        var assign = await Pages.PostFormAsync(other, $"/{fixture.Book.Slug}/order/{orderId}/seats", seatsPage,
        [
            new("Form.Seats[0].Position", "0"), new("Form.Seats[0].FirstName", "William"), new("Form.Seats[0].LastName", "Flash"), new("Form.Seats[0].Email", email),
            new("Form.Seats[1].Position", "1"), new("Form.Seats[1].FirstName", "Jim"), new("Form.Seats[1].LastName", ""), new("Form.Seats[1].Email", "jim@litwareinc.example"),
        ]);
        Assert.Contains("Enter the attendee&#x27;s last name.", await Pages.ReadAsync(assign), StringComparison.Ordinal);

        assign = await Pages.PostFormAsync(other, $"/{fixture.Book.Slug}/order/{orderId}/seats", seatsPage,
        [
            new("Form.Seats[0].Position", "0"), new("Form.Seats[0].FirstName", "William"), new("Form.Seats[0].LastName", "Flash"), new("Form.Seats[0].Email", email),
            new("Form.Seats[1].Position", "1"), new("Form.Seats[1].FirstName", "Jim"), new("Form.Seats[1].LastName", "Corbin"), new("Form.Seats[1].Email", "jim@litwareinc.example"),
        ]);
        var assigned = await other.GetStringAsync(Pages.Location(assign));
        Assert.Contains("value=\"Corbin\"", assigned, StringComparison.Ordinal);
        Assert.Contains("The attendees were saved.", assigned, StringComparison.Ordinal);

        var unassign = await Pages.PostFormAsync(other, $"/{fixture.Book.Slug}/order/{orderId}/seats/1/unassign", assigned, []);
        var afterUnassign = await other.GetStringAsync(Pages.Location(unassign));
        Assert.DoesNotContain("value=\"Corbin\"", afterUnassign, StringComparison.Ordinal);
        Assert.Contains("value=\"Flash\"", afterUnassign, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_the_registrant_form_when_it_is_shown_then_the_names_say_how_many_characters_they_take_and_the_server_keeps_the_same_limit()
    {
        var (client, orderId, page) = await PlaceOrderAsync(fixture.Book, ("General admission", 1));

        Assert.Matches("id=\"Form_FirstName\"[^>]*maxlength=\"100\"|maxlength=\"100\"[^>]*id=\"Form_FirstName\"", page);
        Assert.Contains("id=\"Form_FirstName-limit\"", page, StringComparison.Ordinal);
        Assert.Contains("At most 100 characters.", page, StringComparison.Ordinal);
        var refused = await Pages.PostFormAsync(client, $"/{fixture.Book.Slug}/registration/{orderId}", page, [new("Form.FirstName", new string('r', 101)), new("Form.LastName", "Lee"), new("Form.Email", "rita@fabrikam.example")]);
        Assert.Contains("The first name can have at most 100 characters.", await Pages.ReadAsync(refused), StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_a_rejected_payment_when_the_registrant_page_is_shown_again_then_the_details_given_are_filled_in()
    {
        var email = $"rita.{Guid.NewGuid():N}@fabrikam.example";
        var (client, orderId, page) = await PlaceOrderAsync(fixture.Book, ("General admission", 1));
        var payment = await Pages.PostFormAsync(client, $"/{fixture.Book.Slug}/registration/{orderId}", page, [new("Form.FirstName", "Rita"), new("Form.LastName", "O'Neil"), new("Form.Email", email)]);
        var paymentUrl = Pages.Location(payment);
        var paymentPage = await FollowUntilAsync(client, paymentUrl, "Accept");

        var rejected = await Pages.PostFormAsync(client, paymentUrl + "/reject", paymentPage, []);
        var again = await FollowUntilAsync(client, Pages.Location(rejected), "value=\"Rita\"");

        Assert.Contains("payment was rejected", again, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("value=\"O&#x27;Neil\"", again, StringComparison.Ordinal);
        Assert.Contains($"value=\"{email}\"", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_a_wrong_email_and_access_code_pair_when_finding_an_order_then_the_same_message_is_shown_whether_the_email_exists_or_not()
    {
        var client = fixture.Client();
        var page = await client.GetStringAsync($"/{fixture.Book.Slug}/order/find");

        var unknown = await Pages.ReadAsync(await Pages.PostFormAsync(client, $"/{fixture.Book.Slug}/order/find", page, [new("Form.Email", "nobody@example.com"), new("Form.AccessCode", "ABCDEF")]));

        Assert.Contains("No order of this conference matches that email address and access code.", unknown, StringComparison.Ordinal);
        var invalid = await Pages.ReadAsync(await Pages.PostFormAsync(client, $"/{fixture.Book.Slug}/order/find", page, [new("Form.Email", "nope"), new("Form.AccessCode", "")]));
        Assert.Contains("Enter a valid email address.", invalid, StringComparison.Ordinal);
        Assert.Contains("Enter the access code from your confirmation email.", invalid, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_many_order_lookups_from_one_address_when_the_limit_is_reached_then_further_lookups_are_refused_with_429()
    {
        await using var site = fixture.CreateSite(new Dictionary<string, string> { ["PublicSite:OrderLookupPermitLimit"] = "3" });
        var client = fixture.Client(site);
        var page = await client.GetStringAsync($"/{fixture.Book.Slug}/order/find");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await Pages.PostFormAsync(client, $"/{fixture.Book.Slug}/order/find", page, [new("Form.Email", "a@example.com"), new("Form.AccessCode", "XXXXXX")])).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task given_a_free_order_when_the_registrant_details_are_given_then_payment_is_skipped_and_the_order_confirmed()
    {
        var (client, orderId, page) = await PlaceOrderAsync(fixture.Free, ("Community pass", 2));
        Assert.Contains("Complete registration", page, StringComparison.Ordinal);

        var response = await Pages.PostFormAsync(client, $"/{fixture.Free.Slug}/registration/{orderId}", page, [new("Form.FirstName", "Ann"), new("Form.LastName", "Lee"), new("Form.Email", "ann@example.com")]);

        Assert.Equal($"/{fixture.Free.Slug}/registration/{orderId}/thankyou", Pages.Location(response));
        var thankYou = await FollowUntilAsync(client, Pages.Location(response), "access-code");
        Assert.Contains("$0.00", thankYou, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_a_confirmed_order_when_the_confirmation_is_delivered_again_then_the_email_is_sent_once()
    {
        var orderId = await ConfirmFreeOrderAsync("once@example.com");
        var file = Path.Combine(fixture.MailDirectory, $"order-confirmed-{orderId:N}.eml");
        var blobs = fixture.Processor.GetRequiredService<IBlobStorage>();
        await PublicSiteFixture.WaitForAsync(async () => File.Exists(file) && await blobs.FindAsync(OrderConfirmationMailer.SentMarkerId(orderId), default) is not null, "the confirmation email and its record");
        var sent = new List<EmailMessage>();
        var mailer = new OrderConfirmationMailer(fixture.Processor.GetRequiredService<IOrderDao>(), fixture.Processor.GetRequiredService<IBlobStorage>(), new CollectingSender(sent), NullLogger<OrderConfirmationMailer>.Instance);

        // The processor sent it already: a redelivery sends nothing.
        await mailer.HandleAsync(new OrderConfirmed { SourceId = orderId, Version = 9 }, default);
        Assert.Empty(sent);

        // Without the record of that email (say it was lost), the next delivery sends it, and only once.
        await fixture.Processor.GetRequiredService<IBlobStorage>().DeleteAsync(OrderConfirmationMailer.SentMarkerId(orderId), default);
        await mailer.HandleAsync(new OrderConfirmed { SourceId = orderId, Version = 9 }, default);
        await mailer.HandleAsync(new OrderConfirmed { SourceId = orderId, Version = 9 }, default);
        var message = Assert.Single(sent);
        Assert.Equal("once@example.com", message.To);
        var codeLine = AccessCodeLine().Match(await File.ReadAllTextAsync(file));
        Assert.True(codeLine.Success, "The first email names the access code.");
        Assert.Contains(codeLine.Value, message.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_the_read_model_has_no_registrant_yet_when_the_confirmation_arrives_then_the_mailer_fails_so_it_is_retried()
    {
        var sent = new List<EmailMessage>();
        var mailer = new OrderConfirmationMailer(fixture.Processor.GetRequiredService<IOrderDao>(), fixture.Processor.GetRequiredService<IBlobStorage>(), new CollectingSender(sent), NullLogger<OrderConfirmationMailer>.Instance);

        await Assert.ThrowsAsync<InvalidOperationException>(() => mailer.HandleAsync(new OrderConfirmed { SourceId = Guid.NewGuid(), Version = 5 }, default));

        Assert.Empty(sent);
    }

    [Fact]
    public async Task given_a_reservation_when_the_registrant_changes_the_quantities_then_the_same_order_is_reserved_and_priced_again()
    {
        var (client, orderId, _) = await PlaceOrderAsync(fixture.Book, ("General admission", 1));

        var change = await client.GetStringAsync($"/{fixture.Book.Slug}/register?orderId={orderId}");
        Assert.Contains($"value=\"{orderId}\"", change, StringComparison.Ordinal);
        Assert.Contains("You are changing the seats of your order.", change, StringComparison.Ordinal);
        var response = await Pages.PostFormAsync(client, $"/{fixture.Book.Slug}/register", change, SeatFields(orderId, (fixture.Book.SeatTypes["General admission"], "2"), (fixture.Book.SeatTypes["CQRS Workshop"], "1")));

        var page = await FollowUntilAsync(client, Pages.Location(response), "registrant-details");
        Assert.Contains("$898.00", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_seat_types_created_in_an_order_when_all_are_reserved_then_the_reservation_lists_them_in_that_order()
    {
        // Five seat types: their ids (random) or names sorting the same way as their creation is a chance of 1 in 120.
        string[] created = ["Zeta pass", "Alpha pass", "Mu pass", "Omega pass", "Beta pass"];
        var conference = await fixture.SeedAsync("ordered", publish: true, [.. created.Select(n => (n, 10m, 10))]);
        await PublicSiteFixture.WaitForAsync(async () => (await fixture.Processor.GetRequiredService<IConferenceDao>().GetPublishedSeatTypesAsync(conference.Id, default)).Count == 5, "the five seat types");

        var (_, _, page) = await PlaceOrderAsync(conference, [.. created.Select(n => (n, 1))]);

        Assert.Equal(created, ReservationRow().Matches(page).Select(m => m.Groups[1].Value));
    }

    [Fact]
    public async Task given_fewer_seats_left_than_chosen_when_reserving_then_the_partial_reservation_is_explained_with_a_way_to_change_it()
    {
        var conference = await fixture.SeedAsync("partial", publish: true, ("CQRS Workshop", 500m, 2));
        await PublicSiteFixture.WaitForAsync(async () => (await fixture.Processor.GetRequiredService<IConferenceDao>().GetPublishedSeatTypesAsync(conference.Id, default)) is [{ AvailableQuantity: 2 }], "the partial conference's two seats");
        var client = fixture.Client();
        var selection = await client.GetStringAsync($"/{conference.Slug}/register");
        Assert.Contains("<option value=\"2\">2</option>", selection, StringComparison.Ordinal);
        Assert.DoesNotContain("<option value=\"3\">", selection, StringComparison.Ordinal);

        // Someone else takes one of the two seats while the page is open.
        var other = Guid.NewGuid();
        await fixture.Processor.GetRequiredService<ICommandBus>().SendAsync(new Registration.Contracts.Commands.RegisterToConference(other, conference.Id, [new Registration.Contracts.SeatQuantity(conference.SeatTypes["CQRS Workshop"], 1)]), default);
        await PublicSiteFixture.WaitForAsync(async () => await fixture.Processor.GetRequiredService<IOrderDao>().FindDraftOrderAsync(other, default) is { State: DraftOrderState.ReservationCompleted }, "the other order");

        var orderId = Guid.Parse(OrderIdPattern().Match(selection).Groups[1].Value);
        var response = await Pages.PostFormAsync(client, $"/{conference.Slug}/register", selection, SeatFields(orderId, (conference.SeatTypes["CQRS Workshop"], "2")));
        var page = await FollowUntilAsync(client, Pages.Location(response), "registrant-details");

        Assert.Contains("We could not reserve all the seats you asked for", page, StringComparison.Ordinal);
        Assert.Contains("<tr><td>CQRS Workshop</td><td>2</td><td>1</td></tr>", page, StringComparison.Ordinal);
        Assert.Contains("$500.00", page, StringComparison.Ordinal);
        Assert.Contains($"/register?orderId={orderId}", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_a_partial_reservation_when_the_registrant_page_shows_then_it_links_to_the_waiting_list_of_the_short_seat_type_for_the_missing_seats()
    {
        var conference = await fixture.SeedAsync("partial-wait", publish: true, ("CQRS Workshop", 500m, 2), ("General admission", 199m, 10));
        await PublicSiteFixture.WaitForAsync(async () => (await fixture.Processor.GetRequiredService<IConferenceDao>().GetPublishedSeatTypesAsync(conference.Id, default)).Count(s => s.AvailableQuantity == s.Quantity) == 2, "the conference's seats");
        var client = fixture.Client();
        var selection = await client.GetStringAsync($"/{conference.Slug}/register");
        var other = Guid.NewGuid();
        await fixture.Processor.GetRequiredService<ICommandBus>().SendAsync(new Registration.Contracts.Commands.RegisterToConference(other, conference.Id, [new Registration.Contracts.SeatQuantity(conference.SeatTypes["CQRS Workshop"], 1)]), default);
        await PublicSiteFixture.WaitForAsync(async () => await fixture.Processor.GetRequiredService<IOrderDao>().FindDraftOrderAsync(other, default) is { State: DraftOrderState.ReservationCompleted }, "the other order");

        var orderId = Guid.Parse(OrderIdPattern().Match(selection).Groups[1].Value);
        var response = await Pages.PostFormAsync(client, $"/{conference.Slug}/register", selection, SeatFields(orderId, (conference.SeatTypes["CQRS Workshop"], "2"), (conference.SeatTypes["General admission"], "3")));
        var page = await FollowUntilAsync(client, Pages.Location(response), "registrant-details");

        var workshop = conference.SeatTypes["CQRS Workshop"];
        Assert.Contains($"<a class=\"join-waiting-list\" href=\"/{conference.Slug}/waiting-list/{workshop}?seats=1\">Join the waiting list for 1 more CQRS Workshop seat(s)</a>", page, StringComparison.Ordinal);
        Assert.Single(JoinLink().Matches(page));
        var join = await client.GetStringAsync($"/{conference.Slug}/waiting-list/{workshop}?seats=1");
        Assert.Contains("CQRS Workshop", join, StringComparison.Ordinal);
        Assert.Matches("<input[^>]*id=\"Form_Seats\"[^>]*value=\"1\"", join);
    }

    [Fact]
    public async Task given_a_fully_reserved_order_when_the_registrant_page_shows_then_it_has_no_waiting_list_link()
    {
        var (_, _, page) = await PlaceOrderAsync(fixture.Book, ("General admission", 1));

        Assert.Contains("reservation-confirmed", page, StringComparison.Ordinal);
        Assert.Empty(JoinLink().Matches(page));
    }

    [Theory]
    [InlineData("3", "3")]
    [InlineData("0", "1")]
    [InlineData("101", "1")]
    [InlineData("abc", "1")]
    public async Task given_a_number_of_seats_in_the_join_link_when_the_join_page_opens_then_the_form_asks_for_it_or_one_when_it_is_out_of_range(string seats, string shown)
    {
        var response = await fixture.Client().GetAsync($"/{fixture.Book.Slug}/waiting-list/{fixture.Book.SeatTypes["CQRS Workshop"]}?seats={seats}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches($"<input[^>]*id=\"Form_Seats\"[^>]*value=\"{shown}\"", await Pages.ReadAsync(response));
    }

    [Fact]
    public async Task given_a_reservation_past_its_expiry_when_the_registrant_returns_then_the_expiry_page_is_shown_and_details_are_refused()
    {
        // The site's clock an hour ahead: every reservation the processor makes has already run out.
        await using var later = fixture.Site.WithWebHostBuilder(web => web.ConfigureServices(s => s.AddSingleton(new ExpiryClock(new LaterClock(TimeSpan.FromHours(1))))));
        var client = fixture.Client(later);
        var selection = await client.GetStringAsync($"/{fixture.Book.Slug}/register");
        var orderId = Guid.Parse(OrderIdPattern().Match(selection).Groups[1].Value);
        var placed = await Pages.PostFormAsync(client, $"/{fixture.Book.Slug}/register", selection, SeatFields(orderId, (fixture.Book.SeatTypes["General admission"], "1")));

        var expired = await FollowUntilAsync(client, Pages.Location(placed), "id=\"expired\"");
        Assert.Contains("Your reservation has expired", expired, StringComparison.Ordinal);

        var submit = await Pages.PostFormAsync(client, $"/{fixture.Book.Slug}/registration/{orderId}", selection, [new("Form.FirstName", "Ann"), new("Form.LastName", "Lee"), new("Form.Email", "ann@example.com")]);
        Assert.EndsWith($"/registration/{orderId}/expired", Pages.Location(submit), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/{0}/order/find")]
    [InlineData("/{0}/registration/{1}")]
    [InlineData("/{0}/pay/{1}/accept")]
    [InlineData("/{0}/pay/{1}/reject")]
    [InlineData("/{0}/order/{1}/seats")]
    [InlineData("/{0}/order/{1}/seats/1/unassign")]
    public async Task given_any_form_when_posted_without_the_antiforgery_token_then_it_is_rejected_with_400(string template)
    {
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, fixture.Book.Slug, Guid.NewGuid());

        var response = await fixture.Client().PostAsync(url, new FormUrlEncodedContent([new("Form.Email", "a@example.com")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task given_a_forged_order_cookie_when_an_order_is_opened_then_it_is_not_shown()
    {
        var (_, orderId, _) = await PlaceOrderAsync(fixture.Book, ("General admission", 1));
        var client = fixture.Client();
        client.DefaultRequestHeaders.Add("Cookie", $"{OrderAccess.CookieName}={orderId:N}");

        var response = await client.GetAsync($"/{fixture.Book.Slug}/order/{orderId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("We cannot show this order", await Pages.ReadAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task given_an_order_of_one_conference_when_opened_under_another_conference_then_it_is_not_shown()
    {
        var (client, orderId, _) = await PlaceOrderAsync(fixture.Book, ("General admission", 1));

        var response = await client.GetAsync($"/{fixture.Free.Slug}/order/{orderId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task given_the_site_when_its_health_is_asked_then_it_answers_200()
    {
        var response = await fixture.Client().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<(HttpClient Client, Guid OrderId, string Page)> PlaceOrderAsync(SeededConference conference, params (string SeatType, int Quantity)[] seats)
    {
        var client = fixture.Client();
        var selection = await client.GetStringAsync($"/{conference.Slug}/register");
        var orderId = Guid.Parse(OrderIdPattern().Match(selection).Groups[1].Value);
        var response = await Pages.PostFormAsync(client, $"/{conference.Slug}/register", selection, SeatFields(orderId, [.. seats.Select(s => (conference.SeatTypes[s.SeatType], s.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture)))]));
        var page = await FollowUntilAsync(client, Pages.Location(response), "registrant-details");
        return (client, orderId, page);
    }

    private async Task<Guid> ConfirmFreeOrderAsync(string email)
    {
        var (client, orderId, page) = await PlaceOrderAsync(fixture.Free, ("Community pass", 1));
        var response = await Pages.PostFormAsync(client, $"/{fixture.Free.Slug}/registration/{orderId}", page, [new("Form.FirstName", "Ann"), new("Form.LastName", "Lee"), new("Form.Email", email)]);
        await FollowUntilAsync(client, Pages.Location(response), "access-code");
        return orderId;
    }

    /// <summary>Opens the page again while it says "please wait", as its refresh does.</summary>
    private static async Task<string> FollowUntilAsync(HttpClient client, string url, string marker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (true)
        {
            var response = await client.GetAsync(url);
            if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found)
            {
                url = Pages.Location(response);
                continue;
            }

            var html = await Pages.ReadAsync(response);
            Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}: {html}");
            if (html.Contains(marker, StringComparison.Ordinal))
            {
                return html;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{url} never showed {marker}: {html}");
            await Task.Delay(200);
        }
    }

    private static List<KeyValuePair<string, string>> SeatFields(Guid orderId, params (Guid SeatType, string Quantity)[] seats)
    {
        var fields = new List<KeyValuePair<string, string>> { new("Form.OrderId", orderId.ToString()) };
        for (var i = 0; i < seats.Length; i++)
        {
            fields.Add(new($"Form.Seats[{i}].SeatType", seats[i].SeatType.ToString()));
            fields.Add(new($"Form.Seats[{i}].Quantity", seats[i].Quantity));
        }

        return fields;
    }

    [GeneratedRegex("id=\"Form_OrderId\" name=\"Form.OrderId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex OrderIdPattern();

    [GeneratedRegex("id=\"access-code\">([A-Z0-9]+)<")]
    private static partial Regex AccessCodePattern();

    [GeneratedRegex("Your access code: [A-Z0-9]+")]
    private static partial Regex AccessCodeLine();

    [GeneratedRegex("<fieldset ")]
    private static partial Regex FieldsetPattern();

    private sealed class LaterClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + ahead;
    }

    private sealed class CollectingSender(List<EmailMessage> sent) : IEmailSender
    {
        public Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
        {
            sent.Add(message);
            return Task.CompletedTask;
        }
    }

    [GeneratedRegex("<tr><td>([^<]+)</td><td>[0-9]+</td><td>[0-9]+</td></tr>")]
    private static partial Regex ReservationRow();

    [GeneratedRegex("class=\"join-waiting-list\"")]
    private static partial Regex JoinLink();
}
