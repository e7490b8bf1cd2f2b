using System.Net;
using Conference.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Registration.Contracts;
using Registration.Contracts.Events;

namespace Conference.Web.Admin.Tests;

/// <summary>The orders page reads Conference Management's own table, kept by <see cref="OrderEventHandler"/> from Registration's events.</summary>
public sealed class OrdersSpecs(AdminSiteFactory site) : IClassFixture<AdminSiteFactory>
{
    [Fact]
    public async Task given_registrants_buying_and_assigning_seats_when_the_orders_page_is_opened_then_it_shows_each_step()
    {
        using var client = site.CreateAdminClient();
        var slug = Forms.UniqueSlug();
        await client.CreateConferenceAsync(slug);
        await client.PostAsync($"/conferences/{slug}/seats/create", Forms.SeatType());
        var conference = await site.ConferenceAsync(slug);
        var seatType = (await site.WithConferencesAsync(s => s.FindSeatTypesAsync(conference.Id, default))).Single().Id;
        Assert.Contains("No orders yet.", (await client.GetAsync($"/conferences/{slug}/orders")).Text, StringComparison.Ordinal);

        var order = Guid.NewGuid();
        var assignments = order; // SeatAssignments shares the order's id
        await HandleAsync((h, ct) => h.HandleAsync(new OrderPlaced(conference.Id, [new SeatQuantity(seatType, 2)], DateTimeOffset.UtcNow.AddMinutes(15), "ORD234") { SourceId = order, Version = 1 }, ct));
        await HandleAsync((h, ct) => h.HandleAsync(new OrderRegistrantAssigned("Ada", "King", "ada@contoso.com") { SourceId = order, Version = 3 }, ct));
        await HandleAsync((h, ct) => h.HandleAsync(new OrderTotalsCalculated(398m, [new OrderLine(seatType, "General admission", 199m, 2, 398m)], false) { SourceId = order, Version = 2 }, ct));

        var pending = await client.GetAsync($"/conferences/{slug}/orders");
        Assert.Contains("Ada King ada@contoso.com ORD234 Pending payment 398.00", pending.Text, StringComparison.Ordinal);

        await HandleAsync((h, ct) => h.HandleAsync(new OrderConfirmed { SourceId = order, Version = 4 }, ct));
        await HandleAsync((h, ct) => h.HandleAsync(new SeatAssignmentsCreated(order, [new SeatAssignmentInfo(0, seatType), new SeatAssignmentInfo(1, seatType)]) { SourceId = assignments, Version = 1 }, ct));
        await HandleAsync((h, ct) => h.HandleAsync(new SeatAssigned(0, seatType, new PersonalInfo("Grace", "Hopper", "grace@contoso.com")) { SourceId = assignments, Version = 2 }, ct));

        var confirmed = await client.GetAsync($"/conferences/{slug}/orders");
        Assert.Equal(HttpStatusCode.OK, confirmed.Status);
        Assert.Contains("Confirmed 398.00", confirmed.Text, StringComparison.Ordinal);
        Assert.Contains("General admission: Grace Hopper (grace@contoso.com)", confirmed.Text, StringComparison.Ordinal);
        Assert.Contains("General admission: not assigned", confirmed.Text, StringComparison.Ordinal);
    }

    private async Task HandleAsync(Func<OrderEventHandler, CancellationToken, Task> handle)
    {
        await using var scope = site.Services.CreateAsyncScope();
        await handle(scope.ServiceProvider.GetRequiredService<OrderEventHandler>(), default);
    }
}
