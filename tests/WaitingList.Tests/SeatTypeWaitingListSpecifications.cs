using Infrastructure;
using Registration.Tests.Fakes;
using WaitingList.Contracts;
using WaitingList.Contracts.Events;
using static WaitingList.Tests.WaitingListData;

namespace WaitingList.Tests;

public class given_an_empty_waiting_list
{
    private readonly SeatTypeWaitingList list = SeatTypeWaitingList.Open(ConferenceId, Workshop);

    [Fact]
    public void when_a_registrant_joins_then_they_are_first_in_line_and_seats_are_asked_for_them()
    {
        list.Join(ConferenceId, Workshop, Ann, "Ann", "ann@example.com", 2, Now);

        Messages.AssertEqual(
            [new WaitingListJoined(ConferenceId, Workshop, Ann, "Ann", "ann@example.com", 2, Now), Requested(Ann, 2)],
            list.PendingEvents);
        Assert.Equal(1, list.PlaceOf(Ann));
    }

    [Theory]
    [InlineData("", "ann@example.com", 1)]
    [InlineData("   ", "ann@example.com", 1)]
    [InlineData("Ann", "not an email", 1)]
    [InlineData("Ann", "", 1)]
    [InlineData("Ann", "ann@example.com", 0)]
    [InlineData("Ann", "ann@example.com", -3)]
    [InlineData("Ann", "ann@example.com", 101)]
    public void when_joining_with_bad_details_then_it_is_refused(string name, string email, int seats)
    {
        Assert.Throws<BusinessRuleViolationException>(() => list.Join(ConferenceId, Workshop, Ann, name, email, seats, Now));
        Assert.Empty(list.PendingEvents);
    }

    [Fact]
    public void when_joining_with_a_500_character_name_then_it_is_refused()
    {
        Assert.Throws<BusinessRuleViolationException>(() => list.Join(ConferenceId, Workshop, Ann, new string('a', 500), "ann@example.com", 1, Now));
    }

    [Fact]
    public void when_joining_the_list_of_another_seat_type_then_it_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => list.Join(ConferenceId, Guid.NewGuid(), Ann, "Ann", "ann@example.com", 1, Now));
    }

    [Fact]
    public void when_leaving_without_having_joined_then_it_is_refused()
    {
        Assert.Throws<BusinessRuleViolationException>(() => list.Leave(Ann));
    }
}

public class given_a_registrant_waiting_with_seats_asked_for
{
    private readonly SeatTypeWaitingList list = Given(Joined(Ann, "ann@example.com", 3), Requested(Ann, 3));

    [Fact]
    public void when_the_same_email_joins_again_then_it_is_refused_whatever_its_case()
    {
        Assert.Throws<BusinessRuleViolationException>(() => list.Join(ConferenceId, Workshop, Bob, "Ann again", "ANN@example.com", 1, Now));
    }

    [Fact]
    public void when_the_same_entry_is_delivered_again_then_nothing_changes()
    {
        list.Join(ConferenceId, Workshop, Ann, "Name ann@example.com", "ann@example.com", 3, Now);

        Assert.Empty(list.PendingEvents);
    }

    [Fact]
    public void when_another_registrant_joins_then_they_wait_second_and_nothing_more_is_asked()
    {
        list.Join(ConferenceId, Workshop, Bob, "Bob", "bob@example.com", 1, Now);

        Messages.AssertEqual([Joined(Bob, "bob@example.com", 1) with { Name = "Bob" }], list.PendingEvents);
        Assert.Equal(2, list.PlaceOf(Bob));
    }

    [Fact]
    public void when_the_availability_holds_all_seats_then_the_offer_is_made_for_the_offer_window()
    {
        list.RecordSeatsOffered(WaitingListIds.Offer(Ann, 1), 3, Now, Window);

        Messages.AssertEqual([Made(Ann, 3)], list.PendingEvents);
        Assert.Null(list.PlaceOf(Ann));
    }

    [Fact]
    public void when_the_availability_holds_fewer_seats_then_they_are_offered_and_the_rest_keeps_waiting()
    {
        list.RecordSeatsOffered(WaitingListIds.Offer(Ann, 1), 1, Now, Window);

        Messages.AssertEqual([Made(Ann, 1)], list.PendingEvents);
        Assert.Equal(1, list.PlaceOf(Ann));
    }

    [Fact]
    public void when_the_availability_holds_nothing_then_the_request_waits_and_is_asked_again_when_seats_come_back()
    {
        list.RecordSeatsOffered(WaitingListIds.Offer(Ann, 1), 0, Now, Window);
        list.SeatsMayBeFree();

        Messages.AssertEqual([Requested(Ann, 3)], list.PendingEvents);
    }

    [Fact]
    public void when_the_answer_is_delivered_twice_then_the_offer_is_made_once()
    {
        list.RecordSeatsOffered(WaitingListIds.Offer(Ann, 1), 3, Now, Window);
        list.RecordSeatsOffered(WaitingListIds.Offer(Ann, 1), 3, Now, Window);

        Messages.AssertEqual([Made(Ann, 3)], list.PendingEvents);
    }

    [Fact]
    public void when_the_registrant_leaves_before_the_answer_then_the_seats_held_meanwhile_are_withdrawn()
    {
        list.Leave(Ann);
        list.RecordSeatsOffered(WaitingListIds.Offer(Ann, 1), 2, Now, Window);

        Messages.AssertEqual(
            [new WaitingListLeft(ConferenceId, Workshop, Ann, []), new SeatOfferWithdrawn(ConferenceId, Workshop, WaitingListIds.Offer(Ann, 1))],
            list.PendingEvents);
    }
}

public class given_two_registrants_waiting
{
    private readonly SeatTypeWaitingList list = Given(
        Joined(Ann, "ann@example.com", 2), Requested(Ann, 2), Joined(Bob, "bob@example.com", 1), Joined(Cid, "cid@example.com", 1));

    [Fact]
    public void when_the_first_gets_all_they_asked_then_seats_are_asked_for_the_next_in_line()
    {
        list.RecordSeatsOffered(WaitingListIds.Offer(Ann, 1), 2, Now, Window);

        Messages.AssertEqual([Made(Ann, 2), Requested(Bob, 1)], list.PendingEvents);
        Assert.Equal(1, list.PlaceOf(Bob));
        Assert.Equal(2, list.PlaceOf(Cid));
    }

    [Fact]
    public void when_the_first_leaves_then_seats_are_asked_for_the_next_in_line()
    {
        list.Leave(Ann);

        Messages.AssertEqual([new WaitingListLeft(ConferenceId, Workshop, Ann, []), Requested(Bob, 1)], list.PendingEvents);
    }
}

public class given_a_partial_offer_made
{
    private readonly SeatTypeWaitingList list = Given(
        Joined(Ann, "ann@example.com", 3), Requested(Ann, 3), Made(Ann, 1), Joined(Bob, "bob@example.com", 1));

    [Fact]
    public void when_more_seats_come_back_then_the_rest_is_asked_for_the_same_registrant_under_a_new_offer()
    {
        list.SeatsMayBeFree();

        Messages.AssertEqual([Requested(Ann, 2, number: 2)], list.PendingEvents);
    }

    [Fact]
    public void when_the_registrant_leaves_then_the_offer_is_declined_and_the_next_in_line_is_asked()
    {
        list.Leave(Ann);

        Messages.AssertEqual([new WaitingListLeft(ConferenceId, Workshop, Ann, [WaitingListIds.Offer(Ann, 1)]), Requested(Bob, 1)], list.PendingEvents);
    }

    [Fact]
    public void when_the_same_email_joins_again_then_it_is_refused()
    {
        Assert.Throws<BusinessRuleViolationException>(() => list.Join(ConferenceId, Workshop, Cid, "Ann", "ann@example.com", 1, Now));
    }
}

public class given_an_offer_made
{
    private readonly SeatTypeWaitingList list = Given(
        Joined(Ann, "ann@example.com", 2), Requested(Ann, 2), Made(Ann, 2), Joined(Bob, "bob@example.com", 1), Requested(Bob, 1));

    [Fact]
    public void when_its_window_ends_then_it_expires_and_the_registrant_leaves_the_line()
    {
        list.ExpireOffer(WaitingListIds.Offer(Ann, 1));
        list.ExpireOffer(WaitingListIds.Offer(Ann, 1));

        Messages.AssertEqual([new WaitingListOfferExpired(ConferenceId, Workshop, WaitingListIds.Offer(Ann, 1), Ann)], list.PendingEvents);
    }

    [Fact]
    public void when_an_order_takes_it_up_then_it_is_taken_and_no_longer_expires()
    {
        list.MarkOfferTaken(WaitingListIds.Offer(Ann, 1));
        list.MarkOfferTaken(WaitingListIds.Offer(Ann, 1));
        list.ExpireOffer(WaitingListIds.Offer(Ann, 1));

        Messages.AssertEqual([new WaitingListOfferTaken(ConferenceId, Workshop, WaitingListIds.Offer(Ann, 1), Ann)], list.PendingEvents);
    }

    [Fact]
    public void when_the_order_took_it_up_just_after_it_expired_then_it_is_taken()
    {
        list.ExpireOffer(WaitingListIds.Offer(Ann, 1));
        list.MarkOfferTaken(WaitingListIds.Offer(Ann, 1));

        Assert.IsType<WaitingListOfferTaken>(list.PendingEvents[^1]);
    }

    [Fact]
    public void when_an_unknown_offer_expires_or_is_taken_then_nothing_happens()
    {
        list.ExpireOffer(Guid.NewGuid());
        list.MarkOfferTaken(Guid.NewGuid());

        Assert.Empty(list.PendingEvents);
    }

    [Fact]
    public void when_seats_come_back_while_a_request_is_in_flight_then_the_same_offer_is_asked_again()
    {
        list.SeatsMayBeFree();

        Messages.AssertEqual([Requested(Bob, 1)], list.PendingEvents);
    }
}
