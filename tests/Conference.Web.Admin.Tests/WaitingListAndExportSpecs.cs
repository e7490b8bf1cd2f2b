using System.Net;
using Conference.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Registration.Contracts;
using Registration.Contracts.Events;
using WaitingList.Contracts;
using WaitingList.Contracts.Events;
using WaitingList.ReadModel;

namespace Conference.Web.Admin.Tests;

/// <summary>The business customer's waiting-list page and the orders CSV, from the read models the processor keeps.</summary>
public sealed class WaitingListAndExportSpecs(AdminSiteFactory site) : IClassFixture<AdminSiteFactory>
{
    [Fact]
    public async Task given_orders_with_commas_quotes_and_line_breaks_when_exported_then_each_seat_is_one_quoted_csv_row()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        await client.CreateConferenceAsync(slug);
        await client.PostAsync($"/conferences/{slug}/seats/create", Forms.SeatType());
        var conference = await site.ConferenceAsync(slug);
        var seatType = (await site.WithConferencesAsync(s => s.FindSeatTypesAsync(conference.Id, default))).Single().Id;
        var order = Guid.NewGuid();
        await HandleAsync((h, ct) => h.HandleAsync(new OrderPlaced(conference.Id, [new SeatQuantity(seatType, 2)], DateTimeOffset.UtcNow.AddMinutes(15), "ORD234") { SourceId = order, Version = 1 }, ct));
        await HandleAsync((h, ct) => h.HandleAsync(new OrderRegistrantAssigned("Ada, \"The\"", "King", "ada@contoso.com") { SourceId = order, Version = 2 }, ct));
        await HandleAsync((h, ct) => h.HandleAsync(new OrderConfirmed { SourceId = order, Version = 3 }, ct));
        await HandleAsync((h, ct) => h.HandleAsync(new SeatAssignmentsCreated(order, [new SeatAssignmentInfo(0, seatType), new SeatAssignmentInfo(1, seatType)]) { SourceId = order, Version = 1 }, ct));
        await HandleAsync((h, ct) => h.HandleAsync(new SeatAssigned(0, seatType, new PersonalInfo("Grace\nMurray", "=Hopper", "grace@contoso.com")) { SourceId = order, Version = 2 }, ct));

        var response = await client.GetAsync($"/conferences/{slug}/orders.csv");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var lines = response.Html.Split("\r\n");
        Assert.Equal("Order,Access code,Registrant,Registrant email,Status,Seat type,Attendee first name,Attendee last name,Attendee email", lines[0]);
        Assert.StartsWith($"{order},ORD234,\"Ada, \"\"The\"\" King\",ada@contoso.com,Confirmed,", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"Grace\nMurray\"", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain(",=Hopper,", response.Html, StringComparison.Ordinal);
        Assert.EndsWith(",,,", lines[2], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public async Task given_registrants_on_a_waiting_list_when_its_page_is_opened_then_it_shows_who_how_many_since_when_and_their_offers()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        await client.CreateConferenceAsync(slug);
        await client.PostAsync($"/conferences/{slug}/seats/create", Forms.SeatType());
        var conference = await site.ConferenceAsync(slug);
        var seatType = (await site.WithConferencesAsync(s => s.FindSeatTypesAsync(conference.Id, default))).Single().Id;
        Assert.Contains("Nobody is waiting.", (await client.GetAsync($"/conferences/{slug}/waiting-lists")).Text, StringComparison.Ordinal);
        var list = WaitingListIds.For(conference.Id, seatType);
        var (ann, bob) = (Guid.NewGuid(), Guid.NewGuid());
        var joined = new DateTimeOffset(2026, 12, 2, 9, 30, 0, TimeSpan.Zero);
        var offer = WaitingListIds.Offer(ann, 1);
        var generator = new WaitingListViewGenerator(site.Services.GetRequiredService<IDbContextFactory<WaitingListReadModelDbContext>>(), NullLogger<WaitingListViewGenerator>.Instance);
        await generator.HandleAsync(new WaitingListJoined(conference.Id, seatType, ann, "Ann", "ann@example.com", 3, joined) { SourceId = list, Version = 1 }, default);
        await generator.HandleAsync(new SeatOfferRequested(conference.Id, seatType, offer, ann, 3) { SourceId = list, Version = 2 }, default);
        await generator.HandleAsync(new WaitingListJoined(conference.Id, seatType, bob, "Bob", "bob@example.com", 1, joined.AddMinutes(5)) { SourceId = list, Version = 3 }, default);
        await generator.HandleAsync(new WaitingListOfferMade(conference.Id, seatType, offer, ann, 1, joined.AddHours(1), joined.AddHours(25)) { SourceId = list, Version = 4 }, default);

        var page = (await client.GetAsync($"/conferences/{slug}/waiting-lists")).Text;

        Assert.Contains("ann@example.com", page, StringComparison.Ordinal);
        Assert.Contains("2026-12-02 09:30 UTC", page, StringComparison.Ordinal);
        Assert.Contains("1 seat(s): Offered (until 2026-12-03 10:30 UTC)", page, StringComparison.Ordinal);
        Assert.Contains("Ann ann@example.com 3 2026-12-02 09:30 UTC Offered", page, StringComparison.Ordinal);
        Assert.Contains("Bob bob@example.com 1 2026-12-02 09:35 UTC Waiting", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task given_a_list_history_when_delivered_duplicated_and_shuffled_then_the_view_equals_in_order_delivery(int seed)
    {
        var generator = new WaitingListViewGenerator(site.Services.GetRequiredService<IDbContextFactory<WaitingListReadModelDbContext>>(), NullLogger<WaitingListViewGenerator>.Instance);
        var dao = site.Services.GetRequiredService<IWaitingListDao>();
        async Task<string> ProjectAsync(Func<IReadOnlyList<WaitingList.Contracts.Events.WaitingListJoined>, IReadOnlyList<Infrastructure.Messaging.IVersionedEvent>, IEnumerable<Infrastructure.Messaging.IVersionedEvent>> order)
        {
            var (conference, seatType, ann, bob) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
            var list = WaitingListIds.For(conference, seatType);
            var at = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
            var (first, second) = (WaitingListIds.Offer(ann, 1), WaitingListIds.Offer(ann, 2));
            Infrastructure.Messaging.VersionedEvent[] history =
            [
                new WaitingListJoined(conference, seatType, ann, "Ann", "ann@example.com", 3, at),
                new SeatOfferRequested(conference, seatType, first, ann, 3),
                new WaitingListJoined(conference, seatType, bob, "Bob", "bob@example.com", 1, at.AddMinutes(1)),
                new WaitingListOfferMade(conference, seatType, first, ann, 1, at.AddHours(1), at.AddHours(25)),
                new SeatOfferRequested(conference, seatType, second, ann, 2),
                new WaitingListOfferMade(conference, seatType, second, ann, 2, at.AddHours(2), at.AddHours(26)),
                new WaitingListOfferTaken(conference, seatType, first, ann),
                new WaitingListOfferExpired(conference, seatType, second, ann),
                new SeatOfferRequested(conference, seatType, WaitingListIds.Offer(bob, 1), bob, 1),
                new WaitingListLeft(conference, seatType, bob, []),
            ];
            var stamped = history.Select((e, i) => (Infrastructure.Messaging.IVersionedEvent)(e with { SourceId = list, Version = i + 1 })).ToList();
            var queue = new Queue<Infrastructure.Messaging.IVersionedEvent>(order([], stamped));
            while (queue.TryDequeue(out var @event))
            {
                try
                {
                    await (@event switch
                    {
                        WaitingListJoined e => generator.HandleAsync(e, default),
                        SeatOfferRequested e => generator.HandleAsync(e, default),
                        WaitingListOfferMade e => generator.HandleAsync(e, default),
                        WaitingListOfferTaken e => generator.HandleAsync(e, default),
                        WaitingListOfferExpired e => generator.HandleAsync(e, default),
                        WaitingListLeft e => generator.HandleAsync(e, default),
                        _ => Task.CompletedTask,
                    });
                }
                catch (Infrastructure.Messaging.MessageDeferredException)
                {
                    queue.Enqueue(@event);
                }
            }

            var entries = await dao.ListAsync(conference, default);
            return string.Join(" | ", entries.Select(e => $"{e.Name} {e.Seats} {e.Status} {e.Place} [{string.Join(", ", e.Offers.Select(o => $"{o.Seats} {o.Status}"))}]"));
        }

        var random = new Random(seed);
        var inOrder = await ProjectAsync((_, events) => events);
        var shuffled = await ProjectAsync((_, events) => [.. events.Concat(events.Where(_ => random.Next(2) == 0)).OrderBy(_ => random.Next())]);

        Assert.Equal("Ann 3 Expired  [1 Taken, 2 Expired] | Bob 1 Left  []", inOrder);
        Assert.Equal(inOrder, shuffled);
    }

    private async Task HandleAsync(Func<OrderEventHandler, CancellationToken, Task> handle)
    {
        await using var scope = site.Services.CreateAsyncScope();
        await handle(scope.ServiceProvider.GetRequiredService<OrderEventHandler>(), default);
    }
}
