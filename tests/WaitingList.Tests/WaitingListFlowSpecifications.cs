using Registration.Contracts.Commands;
using WaitingList.Contracts;
using WaitingList.Contracts.Commands;
using WaitingList.Contracts.Events;
using static WaitingList.Tests.WaitingListData;

namespace WaitingList.Tests;

/// <summary>The waiting-list stories end to end over the real aggregates, once with every message delivered twice.</summary>
public class given_a_sold_out_workshop
{
    private static readonly Guid Order = Guid.Parse("3a171000-0000-4000-8000-0000000000a1");

    public static TheoryData<bool> Deliveries => [false, true];

    private static async Task<WaitingListFlow> SoldOutAsync(bool deliverTwice, int capacity = 2)
    {
        var flow = new WaitingListFlow(deliverTwice);
        await flow.SendAsync(new AddSeats(ConferenceId, Workshop, capacity));
        await flow.SendAsync(new MakeSeatReservation(ConferenceId, Order, [new(Workshop, capacity)]));
        return flow;
    }

    private static IEnumerable<WaitingListOfferMade> Offers(WaitingListFlow flow) => flow.ListEvents.OfType<WaitingListOfferMade>();

    [Theory]
    [MemberData(nameof(Deliveries))]
    public async Task when_a_registrant_joins_then_they_wait_and_nothing_is_offered(bool deliverTwice)
    {
        var flow = await SoldOutAsync(deliverTwice);

        await flow.SendAsync(new JoinWaitingList(ConferenceId, Workshop, Ann, "Ann", "ann@example.com", 1));

        Assert.Single(flow.ListEvents.OfType<WaitingListJoined>());
        Assert.Empty(Offers(flow));
        Assert.Equal(0, flow.RemainingWorkshopSeats());
    }

    [Theory]
    [MemberData(nameof(Deliveries))]
    public async Task when_a_reservation_expires_then_the_first_in_line_is_offered_its_seats_and_nobody_else_gets_them(bool deliverTwice)
    {
        var flow = await SoldOutAsync(deliverTwice);
        await flow.SendAsync(new JoinWaitingList(ConferenceId, Workshop, Ann, "Ann", "ann@example.com", 2));
        await flow.SendAsync(new JoinWaitingList(ConferenceId, Workshop, Bob, "Bob", "bob@example.com", 1));

        await flow.SendAsync(new CancelSeatReservation(ConferenceId, Order));

        var offer = Assert.Single(Offers(flow));
        Assert.Equal((Ann, 2, flow.Clock.GetUtcNow().Add(Window)), (offer.EntryId, offer.Seats, offer.ExpiresAt));
        Assert.Equal(0, flow.RemainingWorkshopSeats());
    }

    [Theory]
    [MemberData(nameof(Deliveries))]
    public async Task when_fewer_seats_come_back_than_asked_then_they_are_offered_and_the_rest_keeps_waiting(bool deliverTwice)
    {
        var flow = await SoldOutAsync(deliverTwice, capacity: 1);
        await flow.SendAsync(new JoinWaitingList(ConferenceId, Workshop, Ann, "Ann", "ann@example.com", 3));
        await flow.SendAsync(new JoinWaitingList(ConferenceId, Workshop, Bob, "Bob", "bob@example.com", 1));

        await flow.SendAsync(new CancelSeatReservation(ConferenceId, Order));
        var first = Assert.Single(Offers(flow));
        Assert.Equal((Ann, 1), (first.EntryId, first.Seats));

        // The quota grows by two: the rest of Ann's seats, before Bob's.
        await flow.SendAsync(new AddSeats(ConferenceId, Workshop, 2));

        Assert.Equal([(Ann, 1), (Ann, 2)], Offers(flow).Select(o => (o.EntryId, o.Seats)));
        Assert.Equal(0, flow.RemainingWorkshopSeats());
    }

    [Theory]
    [MemberData(nameof(Deliveries))]
    public async Task when_an_offer_is_not_taken_up_in_time_then_its_seats_pass_to_the_next_in_line(bool deliverTwice)
    {
        var flow = await SoldOutAsync(deliverTwice);
        await flow.SendAsync(new JoinWaitingList(ConferenceId, Workshop, Ann, "Ann", "ann@example.com", 2));
        await flow.SendAsync(new JoinWaitingList(ConferenceId, Workshop, Bob, "Bob", "bob@example.com", 2));
        await flow.SendAsync(new CancelSeatReservation(ConferenceId, Order));

        await flow.AdvancePastDelays();

        Assert.Single(flow.ListEvents.OfType<WaitingListOfferExpired>(), e => e.EntryId == Ann);
        Assert.Equal([Ann, Bob], Offers(flow).Select(o => o.EntryId));
        Assert.Equal(0, flow.RemainingWorkshopSeats());
    }

    [Theory]
    [MemberData(nameof(Deliveries))]
    public async Task when_the_registrant_takes_the_offer_up_then_their_order_has_the_seats_and_the_offer_never_expires(bool deliverTwice)
    {
        var flow = await SoldOutAsync(deliverTwice);
        await flow.SendAsync(new JoinWaitingList(ConferenceId, Workshop, Ann, "Ann", "ann@example.com", 2));
        await flow.SendAsync(new JoinWaitingList(ConferenceId, Workshop, Bob, "Bob", "bob@example.com", 2));
        await flow.SendAsync(new CancelSeatReservation(ConferenceId, Order));
        var offerId = WaitingListIds.Offer(Ann, 1);

        // The order opened from the offer's link has the offer's id.
        await flow.SendAsync(new MakeSeatReservation(ConferenceId, offerId, [new(Workshop, 2)]));
        await flow.AdvancePastDelays();

        Assert.Single(flow.ListEvents.OfType<WaitingListOfferTaken>());
        Assert.Empty(flow.ListEvents.OfType<WaitingListOfferExpired>());
        Assert.Equal([Ann], Offers(flow).Select(o => o.EntryId));
        var reserved = flow.AvailabilityEvents.OfType<Registration.Contracts.Events.SeatsReserved>().Last(e => e.ReservationId == offerId);
        Assert.Equal([new(Workshop, 2)], reserved.ReservationDetails);
        Assert.Equal(0, flow.RemainingWorkshopSeats());
    }

    [Theory]
    [MemberData(nameof(Deliveries))]
    public async Task when_the_registrant_leaves_holding_an_offer_then_its_seats_pass_to_the_next_in_line(bool deliverTwice)
    {
        var flow = await SoldOutAsync(deliverTwice);
        await flow.SendAsync(new JoinWaitingList(ConferenceId, Workshop, Ann, "Ann", "ann@example.com", 2));
        await flow.SendAsync(new JoinWaitingList(ConferenceId, Workshop, Bob, "Bob", "bob@example.com", 2));
        await flow.SendAsync(new CancelSeatReservation(ConferenceId, Order));

        await flow.SendAsync(new LeaveWaitingList(ConferenceId, Workshop, Ann));

        Assert.Equal([Ann, Bob], Offers(flow).Select(o => o.EntryId));
        Assert.Equal(0, flow.RemainingWorkshopSeats());
    }

    [Theory]
    [MemberData(nameof(Deliveries))]
    public async Task when_everyone_leaves_then_the_seats_are_free_for_anyone(bool deliverTwice)
    {
        var flow = await SoldOutAsync(deliverTwice);
        await flow.SendAsync(new JoinWaitingList(ConferenceId, Workshop, Ann, "Ann", "ann@example.com", 2));
        await flow.SendAsync(new CancelSeatReservation(ConferenceId, Order));

        await flow.SendAsync(new LeaveWaitingList(ConferenceId, Workshop, Ann));

        Assert.Equal(2, flow.RemainingWorkshopSeats());
    }
}
