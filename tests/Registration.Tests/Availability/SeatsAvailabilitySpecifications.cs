using System.Text.Json;
using Infrastructure;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Infrastructure.Serialization;
using Registration.Availability;
using Registration.Contracts;
using Registration.Contracts.Events;
using Registration.Tests.Fakes;

namespace Registration.Tests.Availability;

internal static class AvailabilityData
{
    public static readonly Guid ConferenceId = Guid.Parse("5ea75000-0000-4000-8000-0000000000c0");
    public static readonly Guid General = Guid.Parse("5ea75000-0000-4000-8000-00000000000a");
    public static readonly Guid Workshop = Guid.Parse("5ea75000-0000-4000-8000-00000000000b");
    public static readonly Guid Reservation = Guid.Parse("5ea75000-0000-4000-8000-000000000001");
    public static readonly Guid OtherReservation = Guid.Parse("5ea75000-0000-4000-8000-000000000002");

    public static SeatsAvailability Given(params VersionedEvent[] history) =>
        SeatsAvailability.Rehydrate(ConferenceId, Stamp(history));

    public static IEnumerable<IVersionedEvent> Stamp(IEnumerable<VersionedEvent> history, int after = 0) =>
        history.Select((e, i) => e with { SourceId = ConferenceId, Version = after + i + 1 }).ToList();

    /// <summary>10 general admission seats and 4 workshop seats.</summary>
    public static VersionedEvent[] Capacity() =>
    [
        new AvailableSeatsChanged([new(General, 10)]),
        new AvailableSeatsChanged([new(Workshop, 4)]),
    ];
}

public class given_no_seats_availability
{
    [Fact]
    public void when_adding_seats_then_they_become_available()
    {
        var availability = new SeatsAvailability(AvailabilityData.ConferenceId);

        availability.AddSeats(AvailabilityData.General, 10);

        Messages.AssertEqual([new AvailableSeatsChanged([new(AvailabilityData.General, 10)])], availability.PendingEvents);
        Assert.Equal(10, availability.RemainingSeats(AvailabilityData.General));
    }
}

public class given_available_seats
{
    private readonly SeatsAvailability availability = AvailabilityData.Given(AvailabilityData.Capacity());

    [Fact]
    public void when_reserving_fewer_seats_than_available_then_all_are_reserved()
    {
        availability.MakeReservation(AvailabilityData.Reservation, [new(AvailabilityData.General, 6), new(AvailabilityData.Workshop, 1)]);

        Messages.AssertEqual(
            [
                new SeatsReserved(
                    AvailabilityData.Reservation,
                    [new(AvailabilityData.General, 6), new(AvailabilityData.Workshop, 1)],
                    [new(AvailabilityData.General, -6), new(AvailabilityData.Workshop, -1)]),
            ],
            availability.PendingEvents);
        Assert.Equal(4, availability.RemainingSeats(AvailabilityData.General));
        Assert.Equal(3, availability.RemainingSeats(AvailabilityData.Workshop));
    }

    [Fact]
    public void when_reserving_more_seats_than_available_then_only_the_available_ones_are_reserved()
    {
        availability.MakeReservation(AvailabilityData.Reservation, [new(AvailabilityData.General, 3), new(AvailabilityData.Workshop, 7)]);

        Messages.AssertEqual(
            [
                new SeatsReserved(
                    AvailabilityData.Reservation,
                    [new(AvailabilityData.General, 3), new(AvailabilityData.Workshop, 4)],
                    [new(AvailabilityData.General, -3), new(AvailabilityData.Workshop, -4)]),
            ],
            availability.PendingEvents);
        Assert.Equal(0, availability.RemainingSeats(AvailabilityData.Workshop));
    }

    [Fact]
    public void when_reserving_a_seat_type_it_does_not_know_then_it_fails_but_is_not_refused_as_the_seats_may_not_be_added_yet()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => availability.MakeReservation(AvailabilityData.Reservation, [new(Guid.NewGuid(), 1)]));
        Assert.Empty(availability.PendingEvents);
    }

    [Fact]
    public void when_reserving_a_negative_quantity_then_it_is_refused()
    {
        Assert.Throws<BusinessRuleViolationException>(() => availability.MakeReservation(AvailabilityData.Reservation, [new(AvailabilityData.General, -1)]));
        Assert.Empty(availability.PendingEvents);
    }

    [Fact]
    public void when_adding_or_removing_a_negative_number_of_seats_then_it_is_refused()
    {
        Assert.Throws<BusinessRuleViolationException>(() => availability.AddSeats(AvailabilityData.General, -1));
        Assert.Throws<BusinessRuleViolationException>(() => availability.RemoveSeats(AvailabilityData.General, -1));
        Assert.Empty(availability.PendingEvents);
    }

    [Fact]
    public void when_removing_seats_then_fewer_are_available()
    {
        availability.RemoveSeats(AvailabilityData.General, 3);

        Messages.AssertEqual([new AvailableSeatsChanged([new(AvailabilityData.General, -3)])], availability.PendingEvents);
        Assert.Equal(7, availability.RemainingSeats(AvailabilityData.General));
    }

    [Fact]
    public void when_adding_seats_then_more_are_available()
    {
        availability.AddSeats(AvailabilityData.Workshop, 2);

        Messages.AssertEqual([new AvailableSeatsChanged([new(AvailabilityData.Workshop, 2)])], availability.PendingEvents);
        Assert.Equal(6, availability.RemainingSeats(AvailabilityData.Workshop));
    }

    [Fact]
    public void when_cancelling_a_reservation_it_does_not_hold_then_nothing_happens()
    {
        availability.CancelReservation(AvailabilityData.Reservation);
        availability.CommitReservation(AvailabilityData.Reservation);

        Assert.Empty(availability.PendingEvents);
    }
}

public class given_a_pending_reservation
{
    private readonly SeatsAvailability availability = AvailabilityData.Given(
    [
        .. AvailabilityData.Capacity(),
        new SeatsReserved(
            AvailabilityData.Reservation,
            [new(AvailabilityData.General, 6), new(AvailabilityData.Workshop, 2)],
            [new(AvailabilityData.General, -6), new(AvailabilityData.Workshop, -2)]),
    ]);

    [Fact]
    public void when_the_same_reservation_asks_for_more_then_only_the_difference_is_taken()
    {
        availability.MakeReservation(AvailabilityData.Reservation, [new(AvailabilityData.General, 8), new(AvailabilityData.Workshop, 2)]);

        Messages.AssertEqual(
            [new SeatsReserved(AvailabilityData.Reservation, [new(AvailabilityData.General, 8), new(AvailabilityData.Workshop, 2)], [new(AvailabilityData.General, -2)])],
            availability.PendingEvents);
        Assert.Equal(2, availability.RemainingSeats(AvailabilityData.General));
    }

    [Fact]
    public void when_the_same_reservation_asks_for_fewer_and_drops_a_seat_type_then_the_rest_is_returned()
    {
        availability.MakeReservation(AvailabilityData.Reservation, [new(AvailabilityData.General, 1)]);

        Messages.AssertEqual(
            [new SeatsReserved(AvailabilityData.Reservation, [new(AvailabilityData.General, 1)], [new(AvailabilityData.General, 5), new(AvailabilityData.Workshop, 2)])],
            availability.PendingEvents);
        Assert.Equal(9, availability.RemainingSeats(AvailabilityData.General));
        Assert.Equal(4, availability.RemainingSeats(AvailabilityData.Workshop));
    }

    [Fact]
    public void when_the_same_reservation_is_asked_again_then_it_is_answered_without_change()
    {
        availability.MakeReservation(AvailabilityData.Reservation, [new(AvailabilityData.General, 6), new(AvailabilityData.Workshop, 2)]);

        Messages.AssertEqual(
            [new SeatsReserved(AvailabilityData.Reservation, [new(AvailabilityData.General, 6), new(AvailabilityData.Workshop, 2)], [])],
            availability.PendingEvents);
    }

    [Fact]
    public void when_another_reservation_asks_for_more_than_is_left_then_it_gets_only_what_is_left()
    {
        availability.MakeReservation(AvailabilityData.OtherReservation, [new(AvailabilityData.General, 5)]);

        Messages.AssertEqual(
            [new SeatsReserved(AvailabilityData.OtherReservation, [new(AvailabilityData.General, 4)], [new(AvailabilityData.General, -4)])],
            availability.PendingEvents);
    }

    [Fact]
    public void when_cancelling_it_then_its_seats_are_available_again_once()
    {
        availability.CancelReservation(AvailabilityData.Reservation);
        availability.CancelReservation(AvailabilityData.Reservation);

        Messages.AssertEqual(
            [new SeatsReservationCancelled(AvailabilityData.Reservation, [new(AvailabilityData.General, 6), new(AvailabilityData.Workshop, 2)])],
            availability.PendingEvents);
        Assert.Equal(10, availability.RemainingSeats(AvailabilityData.General));
        Assert.Equal(4, availability.RemainingSeats(AvailabilityData.Workshop));
    }

    [Fact]
    public void when_committing_it_then_its_seats_are_sold_for_good()
    {
        availability.CommitReservation(AvailabilityData.Reservation);
        availability.CommitReservation(AvailabilityData.Reservation);
        availability.CancelReservation(AvailabilityData.Reservation);

        Messages.AssertEqual([new SeatsReservationCommitted(AvailabilityData.Reservation)], availability.PendingEvents);
        Assert.Equal(4, availability.RemainingSeats(AvailabilityData.General));
    }

    [Fact]
    public void when_its_make_reservation_command_is_delivered_again_after_the_commit_then_no_seats_are_held_again()
    {
        availability.CommitReservation(AvailabilityData.Reservation);

        availability.MakeReservation(AvailabilityData.Reservation, [new(AvailabilityData.General, 6), new(AvailabilityData.Workshop, 2)]);

        Messages.AssertEqual([new SeatsReservationCommitted(AvailabilityData.Reservation)], availability.PendingEvents);
        Assert.Equal(4, availability.RemainingSeats(AvailabilityData.General));
        Assert.Equal(2, availability.RemainingSeats(AvailabilityData.Workshop));
    }

    [Fact]
    public void when_restored_from_a_memento_taken_after_the_commit_then_the_reservation_stays_closed()
    {
        availability.CommitReservation(AvailabilityData.Reservation);
        var restored = SeatsAvailability.Restore(AvailabilityData.ConferenceId, availability.SaveToMemento(), []);

        restored.MakeReservation(AvailabilityData.Reservation, [new(AvailabilityData.General, 6)]);

        Assert.Empty(restored.PendingEvents);
        Assert.Equal(4, restored.RemainingSeats(AvailabilityData.General));
    }

    [Fact]
    public void when_its_make_reservation_command_is_delivered_again_after_the_cancellation_then_no_seats_are_held_again()
    {
        availability.CancelReservation(AvailabilityData.Reservation);

        availability.MakeReservation(AvailabilityData.Reservation, [new(AvailabilityData.General, 6)]);

        Messages.AssertEqual(
            [new SeatsReservationCancelled(AvailabilityData.Reservation, [new(AvailabilityData.General, 6), new(AvailabilityData.Workshop, 2)])],
            availability.PendingEvents);
        Assert.Equal(10, availability.RemainingSeats(AvailabilityData.General));
    }

    [Fact]
    public void when_capacity_is_removed_below_what_is_held_then_no_new_reservation_gets_seats()
    {
        availability.RemoveSeats(AvailabilityData.General, 7);

        availability.MakeReservation(AvailabilityData.OtherReservation, [new(AvailabilityData.General, 2)]);

        Messages.AssertEqual([new SeatsReserved(AvailabilityData.OtherReservation, [], [])], availability.PendingEvents.Skip(1));
        Assert.Equal(-3, availability.RemainingSeats(AvailabilityData.General));
    }

    [Fact]
    public void when_capacity_is_removed_below_what_is_held_then_the_holder_keeps_its_seats_but_cannot_grow()
    {
        availability.RemoveSeats(AvailabilityData.General, 7);

        availability.MakeReservation(AvailabilityData.Reservation, [new(AvailabilityData.General, 8), new(AvailabilityData.Workshop, 2)]);

        Messages.AssertEqual(
            [new SeatsReserved(AvailabilityData.Reservation, [new(AvailabilityData.General, 6), new(AvailabilityData.Workshop, 2)], [])],
            availability.PendingEvents.Skip(1));
    }
}

public class given_a_memento_of_seats_availability
{
    private static readonly VersionedEvent[] Earlier =
    [
        .. AvailabilityData.Capacity(),
        new SeatsReserved(AvailabilityData.Reservation, [new(AvailabilityData.General, 6)], [new(AvailabilityData.General, -6)]),
        new SeatsReserved(AvailabilityData.OtherReservation, [new(AvailabilityData.Workshop, 3)], [new(AvailabilityData.Workshop, -3)]),
    ];

    private static readonly VersionedEvent[] Newer =
    [
        new SeatsReservationCommitted(AvailabilityData.Reservation),
        new SeatsReservationCancelled(AvailabilityData.OtherReservation, [new(AvailabilityData.Workshop, 3)]),
        new AvailableSeatsChanged([new(AvailabilityData.General, 5)]),
    ];

    [Fact]
    public void when_restoring_it_with_the_newer_events_then_the_state_equals_a_full_replay()
    {
        var memento = AvailabilityData.Given(Earlier).SaveToMemento();

        var restored = SeatsAvailability.Restore(AvailabilityData.ConferenceId, memento, AvailabilityData.Stamp(Newer, after: Earlier.Length));
        var replayed = AvailabilityData.Given([.. Earlier, .. Newer]);

        Assert.Equal(replayed.Version, restored.Version);
        Assert.Equal(Json(replayed.SaveToMemento()), Json(restored.SaveToMemento()));
    }

    [Fact]
    public void when_restoring_it_then_it_behaves_as_a_full_replay()
    {
        var restored = SeatsAvailability.Restore(AvailabilityData.ConferenceId, AvailabilityData.Given(Earlier).SaveToMemento(), []);
        var replayed = AvailabilityData.Given(Earlier);

        restored.MakeReservation(AvailabilityData.OtherReservation, [new(AvailabilityData.General, 9), new(AvailabilityData.Workshop, 4)]);
        replayed.MakeReservation(AvailabilityData.OtherReservation, [new(AvailabilityData.General, 9), new(AvailabilityData.Workshop, 4)]);

        Messages.AssertEqual(replayed.PendingEvents, restored.PendingEvents);
        Assert.Equal(replayed.PendingEvents.Single().Version, restored.PendingEvents.Single().Version);
    }

    [Fact]
    public void when_the_aggregate_changes_after_taking_it_then_the_memento_does_not()
    {
        var availability = AvailabilityData.Given(Earlier);
        var memento = availability.SaveToMemento();
        var before = Json(memento);

        availability.MakeReservation(AvailabilityData.Reservation, [new(AvailabilityData.General, 1)]);
        availability.AddSeats(AvailabilityData.Workshop, 100);

        Assert.Equal(before, Json(memento));
        Assert.Equal(Earlier.Length, memento.Version);
    }

    private static string Json(IMemento memento) => JsonSerializer.Serialize(memento, memento.GetType(), JsonMessageSerializer.Options);
}
