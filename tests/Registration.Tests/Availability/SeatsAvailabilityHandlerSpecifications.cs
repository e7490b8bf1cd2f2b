using Infrastructure;
using Infrastructure.EventSourcing;
using Registration.Availability;
using Registration.Contracts.Commands;
using Registration.Contracts.Events;
using Registration.Tests.Fakes;

namespace Registration.Tests.Availability;

public class given_the_seats_availability_handler
{
    private readonly FakeEventSourcedRepository<SeatsAvailability> repository = new();
    private readonly SeatsAvailabilityHandler handler;

    public given_the_seats_availability_handler()
    {
        handler = new SeatsAvailabilityHandler(repository);
    }

    [Fact]
    public async Task when_adding_seats_to_a_conference_without_availability_then_it_is_created()
    {
        await handler.HandleAsync(new AddSeats(AvailabilityData.ConferenceId, AvailabilityData.General, 10), CancellationToken.None);

        Messages.AssertEqual([new AvailableSeatsChanged([new(AvailabilityData.General, 10)])], repository.Events(AvailabilityData.ConferenceId));
    }

    [Fact]
    public async Task when_removing_seats_then_availability_goes_down()
    {
        repository.Given(AvailabilityData.ConferenceId, AvailabilityData.Capacity());

        await handler.HandleAsync(new RemoveSeats(AvailabilityData.ConferenceId, AvailabilityData.Workshop, 1), CancellationToken.None);

        Messages.AssertEqual([new AvailableSeatsChanged([new(AvailabilityData.Workshop, -1)])], repository.Events(AvailabilityData.ConferenceId).Skip(2));
    }

    [Fact]
    public async Task when_making_a_reservation_then_its_events_carry_the_command_id_as_correlation_id()
    {
        repository.Given(AvailabilityData.ConferenceId, AvailabilityData.Capacity());
        var command = new MakeSeatReservation(AvailabilityData.ConferenceId, AvailabilityData.Reservation, [new(AvailabilityData.General, 2)]);

        await handler.HandleAsync(command, CancellationToken.None);

        Assert.IsType<SeatsReserved>(repository.Events(AvailabilityData.ConferenceId)[^1]);
        Assert.Equal(command.Id.ToString(), repository.CorrelationIds(AvailabilityData.ConferenceId)[^1]);
        Assert.Equal($"SeatsAvailability_{AvailabilityData.ConferenceId}", command.PartitionKey());
    }

    [Fact]
    public async Task when_cancelling_and_committing_then_the_reservation_is_released_or_sold()
    {
        repository.Given(
            AvailabilityData.ConferenceId,
            [
                .. AvailabilityData.Capacity(),
                new SeatsReserved(AvailabilityData.Reservation, [new(AvailabilityData.General, 2)], [new(AvailabilityData.General, -2)]),
                new SeatsReserved(AvailabilityData.OtherReservation, [new(AvailabilityData.General, 1)], [new(AvailabilityData.General, -1)]),
            ]);

        await handler.HandleAsync(new CancelSeatReservation(AvailabilityData.ConferenceId, AvailabilityData.Reservation), CancellationToken.None);
        await handler.HandleAsync(new CommitSeatReservation(AvailabilityData.ConferenceId, AvailabilityData.OtherReservation), CancellationToken.None);

        Messages.AssertEqual(
            [
                new SeatsReservationCancelled(AvailabilityData.Reservation, [new(AvailabilityData.General, 2)]),
                new SeatsReservationCommitted(AvailabilityData.OtherReservation),
            ],
            repository.Events(AvailabilityData.ConferenceId).Skip(4));
    }

    [Fact]
    public async Task when_two_reservations_race_for_the_last_seats_then_one_save_conflicts_and_its_retry_gets_what_is_left()
    {
        repository.Given(AvailabilityData.ConferenceId, new AvailableSeatsChanged([new(AvailabilityData.General, 3)]));
        var first = await repository.GetAsync(AvailabilityData.ConferenceId, CancellationToken.None);
        var second = await repository.GetAsync(AvailabilityData.ConferenceId, CancellationToken.None);
        first.MakeReservation(AvailabilityData.Reservation, [new(AvailabilityData.General, 3)]);
        second.MakeReservation(AvailabilityData.OtherReservation, [new(AvailabilityData.General, 3)]);

        await repository.SaveAsync(first, null, CancellationToken.None);
        await Assert.ThrowsAsync<ConcurrencyException>(() => repository.SaveAsync(second, null, CancellationToken.None));
        await handler.HandleAsync(new MakeSeatReservation(AvailabilityData.ConferenceId, AvailabilityData.OtherReservation, [new(AvailabilityData.General, 3)]), CancellationToken.None);

        var reserved = repository.Events(AvailabilityData.ConferenceId).OfType<SeatsReserved>().ToList();
        Assert.Equal(3, reserved.Sum(r => r.ReservationDetails.Sum(s => s.Quantity)));
        Assert.Empty(reserved[^1].ReservationDetails);
    }
}
