using Infrastructure;
using Registration.Availability;
using Registration.Contracts;
using Registration.Contracts.Events;
using Registration.Tests.Fakes;

namespace Registration.Tests.Availability;

public class given_seats_available_for_a_waiting_list_offer
{
    private readonly SeatsAvailability availability = AvailabilityData.Given(AvailabilityData.Capacity());

    [Fact]
    public void when_offering_fewer_seats_than_free_then_all_are_held_for_the_offer()
    {
        availability.MakeOffer(AvailabilityData.Reservation, AvailabilityData.Workshop, 3);

        Messages.AssertEqual([new SeatsOffered(AvailabilityData.Reservation, AvailabilityData.Workshop, 3, [new(AvailabilityData.Workshop, -3)])], availability.PendingEvents);
        Assert.Equal(1, availability.RemainingSeats(AvailabilityData.Workshop));
    }

    [Fact]
    public void when_offering_more_seats_than_free_then_what_is_free_is_held()
    {
        availability.MakeOffer(AvailabilityData.Reservation, AvailabilityData.Workshop, 7);

        Messages.AssertEqual([new SeatsOffered(AvailabilityData.Reservation, AvailabilityData.Workshop, 4, [new(AvailabilityData.Workshop, -4)])], availability.PendingEvents);
        Assert.Equal(0, availability.RemainingSeats(AvailabilityData.Workshop));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void when_offering_no_seats_or_fewer_then_it_is_refused(int quantity)
    {
        Assert.Throws<BusinessRuleViolationException>(() => availability.MakeOffer(AvailabilityData.Reservation, AvailabilityData.Workshop, quantity));
        Assert.Empty(availability.PendingEvents);
    }

    [Fact]
    public void when_offering_seats_of_an_unknown_seat_type_then_it_fails_retryably()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => availability.MakeOffer(AvailabilityData.Reservation, Guid.NewGuid(), 1));
    }
}

public class given_sold_out_seats
{
    private readonly SeatsAvailability availability = AvailabilityData.Given(
        [.. AvailabilityData.Capacity(), new SeatsReserved(AvailabilityData.OtherReservation, [new(AvailabilityData.Workshop, 4)], [new(AvailabilityData.Workshop, -4)])]);

    [Fact]
    public void when_offering_then_the_answer_holds_nothing()
    {
        availability.MakeOffer(AvailabilityData.Reservation, AvailabilityData.Workshop, 2);

        Messages.AssertEqual([new SeatsOffered(AvailabilityData.Reservation, AvailabilityData.Workshop, 0, [])], availability.PendingEvents);
        Assert.Equal(0, availability.RemainingSeats(AvailabilityData.Workshop));
    }

    [Fact]
    public void when_the_same_offer_is_asked_again_after_seats_came_back_then_they_are_held()
    {
        availability.MakeOffer(AvailabilityData.Reservation, AvailabilityData.Workshop, 2);
        availability.CancelReservation(AvailabilityData.OtherReservation);
        availability.MakeOffer(AvailabilityData.Reservation, AvailabilityData.Workshop, 2);

        Assert.Equal(new SeatsOffered(AvailabilityData.Reservation, AvailabilityData.Workshop, 2, [new(AvailabilityData.Workshop, -2)]).Describe(), availability.PendingEvents[^1].Describe());
        Assert.Equal(2, availability.RemainingSeats(AvailabilityData.Workshop));
    }
}

public class given_an_offer_holding_seats
{
    private readonly SeatsAvailability availability = AvailabilityData.Given(
        [.. AvailabilityData.Capacity(), new SeatsOffered(AvailabilityData.Reservation, AvailabilityData.Workshop, 3, [new(AvailabilityData.Workshop, -3)])]);

    [Fact]
    public void when_the_offer_is_asked_again_then_the_same_seats_are_answered_and_nothing_more_is_held()
    {
        availability.MakeOffer(AvailabilityData.Reservation, AvailabilityData.Workshop, 3);

        Messages.AssertEqual([new SeatsOffered(AvailabilityData.Reservation, AvailabilityData.Workshop, 3, [])], availability.PendingEvents);
        Assert.Equal(1, availability.RemainingSeats(AvailabilityData.Workshop));
    }

    [Fact]
    public void when_another_registrant_reserves_then_the_offered_seats_are_not_theirs()
    {
        availability.MakeReservation(AvailabilityData.OtherReservation, [new(AvailabilityData.Workshop, 4)]);

        Messages.AssertEqual([new SeatsReserved(AvailabilityData.OtherReservation, [new(AvailabilityData.Workshop, 1)], [new(AvailabilityData.Workshop, -1)])], availability.PendingEvents);
    }

    [Fact]
    public void when_the_order_of_the_offer_reserves_then_it_claims_the_offered_seats()
    {
        availability.MakeReservation(AvailabilityData.OtherReservation, [new(AvailabilityData.Workshop, 1)]);
        availability.MakeReservation(AvailabilityData.Reservation, [new(AvailabilityData.Workshop, 3)]);

        Messages.AssertEqual(
            [
                new SeatsReserved(AvailabilityData.OtherReservation, [new(AvailabilityData.Workshop, 1)], [new(AvailabilityData.Workshop, -1)]),
                new SeatOfferClaimed(AvailabilityData.Reservation, AvailabilityData.Workshop),
                new SeatsReserved(AvailabilityData.Reservation, [new(AvailabilityData.Workshop, 3)], []),
            ],
            availability.PendingEvents);
        Assert.Equal(0, availability.RemainingSeats(AvailabilityData.Workshop));
    }

    [Fact]
    public void when_the_offer_is_released_then_its_seats_come_back()
    {
        availability.ReleaseOffer(AvailabilityData.Reservation);

        Messages.AssertEqual([new SeatOfferReleased(AvailabilityData.Reservation, AvailabilityData.Workshop, [new(AvailabilityData.Workshop, 3)])], availability.PendingEvents);
        Assert.Equal(4, availability.RemainingSeats(AvailabilityData.Workshop));
    }

    [Fact]
    public void when_the_offer_is_released_after_its_order_claimed_it_then_nothing_happens()
    {
        availability.MakeReservation(AvailabilityData.Reservation, [new(AvailabilityData.Workshop, 3)]);
        var claimed = availability.PendingEvents.Count;

        availability.ReleaseOffer(AvailabilityData.Reservation);

        Assert.Equal(claimed, availability.PendingEvents.Count);
        Assert.Equal(1, availability.RemainingSeats(AvailabilityData.Workshop));
    }

    [Fact]
    public void when_the_released_offer_is_asked_for_again_then_nothing_is_held()
    {
        availability.ReleaseOffer(AvailabilityData.Reservation);
        availability.ReleaseOffer(AvailabilityData.Reservation);
        availability.MakeOffer(AvailabilityData.Reservation, AvailabilityData.Workshop, 3);

        Assert.Single(availability.PendingEvents);
        Assert.Equal(4, availability.RemainingSeats(AvailabilityData.Workshop));
    }

    [Fact]
    public void when_its_order_comes_after_the_release_then_it_reserves_like_any_order()
    {
        availability.ReleaseOffer(AvailabilityData.Reservation);
        availability.MakeReservation(AvailabilityData.Reservation, [new(AvailabilityData.Workshop, 3)]);

        Messages.AssertEqual(
            [
                new SeatOfferReleased(AvailabilityData.Reservation, AvailabilityData.Workshop, [new(AvailabilityData.Workshop, 3)]),
                new SeatsReserved(AvailabilityData.Reservation, [new(AvailabilityData.Workshop, 3)], [new(AvailabilityData.Workshop, -3)]),
            ],
            availability.PendingEvents);
    }

    [Fact]
    public void when_saved_as_a_memento_and_restored_then_the_offer_is_still_held()
    {
        var restored = SeatsAvailability.Restore(AvailabilityData.ConferenceId, availability.SaveToMemento(), []);

        restored.ReleaseOffer(AvailabilityData.Reservation);

        Messages.AssertEqual([new SeatOfferReleased(AvailabilityData.Reservation, AvailabilityData.Workshop, [new(AvailabilityData.Workshop, 3)])], restored.PendingEvents);
    }
}

internal static class DescribeExtensions
{
    public static string Describe(this object message) => Messages.Describe(message);
}
