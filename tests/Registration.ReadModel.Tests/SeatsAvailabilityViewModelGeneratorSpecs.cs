using Infrastructure.Messaging;
using Microsoft.EntityFrameworkCore;
using Registration.Contracts;
using Registration.Contracts.Events;
using Registration.ReadModel.Implementation;

namespace Registration.ReadModel.Tests;

public abstract class SeatsAvailabilityViewModelGeneratorSpecs : ReadModelSpecs
{
    private readonly ConferenceData conference = ConferenceData.New();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await GivenAsync<ConferenceViewModelGenerator>(
            conference.Created(),
            conference.SeatCreated(conference.FullPass, 2, 100),
            conference.SeatCreated(conference.Workshop, 3, 50, "Workshop"),
            conference.Published(4));
    }

    [SkippableFact]
    public async Task given_published_seat_types_when_seats_are_added_then_they_are_available()
    {
        await HandleAsync<SeatsAvailabilityViewModelGenerator>(Changed(1, (conference.FullPass, 100), (conference.Workshop, 50)));

        Assert.Equal([(conference.FullPass, 100), (conference.Workshop, 50)], await AvailableAsync());
        Assert.Equal(1, await SeatsAvailabilityVersionAsync());
    }

    [SkippableFact]
    public async Task given_available_seats_when_some_are_reserved_and_a_reservation_is_cancelled_then_availability_follows()
    {
        await GivenAsync<SeatsAvailabilityViewModelGenerator>(Changed(1, (conference.FullPass, 100), (conference.Workshop, 50)));

        await HandleAsync<SeatsAvailabilityViewModelGenerator>(Reserved(2, (conference.FullPass, 4), (conference.Workshop, 2)));
        await HandleAsync<SeatsAvailabilityViewModelGenerator>(Reserved(3, (conference.FullPass, 1)));
        await HandleAsync<SeatsAvailabilityViewModelGenerator>(Cancelled(4, (conference.FullPass, 4), (conference.Workshop, 2)));

        Assert.Equal([(conference.FullPass, 99), (conference.Workshop, 50)], await AvailableAsync());
    }

    [SkippableFact]
    public async Task given_an_applied_event_when_it_is_delivered_again_then_it_counts_once()
    {
        await GivenAsync<SeatsAvailabilityViewModelGenerator>(Changed(1, (conference.FullPass, 100)), Reserved(2, (conference.FullPass, 3)));

        await HandleAsync<SeatsAvailabilityViewModelGenerator>(Reserved(2, (conference.FullPass, 3)));
        await HandleAsync<SeatsAvailabilityViewModelGenerator>(Changed(1, (conference.FullPass, 100)));

        Assert.Equal(97, (await AvailableAsync())[0].Available);
    }

    [SkippableFact]
    public async Task given_a_gap_left_by_an_event_it_does_not_receive_when_later_events_arrive_then_they_are_applied_without_waiting()
    {
        // Version 3 is a SeatsReservationCommitted: it changes no availability and never reaches this generator.
        await GivenAsync<SeatsAvailabilityViewModelGenerator>(Changed(1, (conference.FullPass, 100)), Reserved(2, (conference.FullPass, 3)));

        await HandleAsync<SeatsAvailabilityViewModelGenerator>(Reserved(4, (conference.FullPass, 2)));

        Assert.Equal(95, (await AvailableAsync())[0].Available);
        Assert.Equal(4, await SeatsAvailabilityVersionAsync());
    }

    [SkippableFact]
    public async Task given_a_newer_event_applied_when_an_older_one_arrives_late_then_it_still_counts()
    {
        await GivenAsync<SeatsAvailabilityViewModelGenerator>(Changed(1, (conference.FullPass, 100)), Reserved(3, (conference.FullPass, 5)));

        await HandleAsync<SeatsAvailabilityViewModelGenerator>(Reserved(2, (conference.FullPass, 10)));

        Assert.Equal(85, (await AvailableAsync())[0].Available);
        Assert.Equal(3, await SeatsAvailabilityVersionAsync());
    }

    [SkippableFact]
    public async Task given_a_seat_type_not_in_the_view_yet_when_its_seats_are_added_then_the_event_waits_for_it()
    {
        var later = Guid.NewGuid();

        await Assert.ThrowsAsync<MessageDeferredException>(() => HandleAsync<SeatsAvailabilityViewModelGenerator>(Changed(1, (conference.FullPass, 100), (later, 10))));
        Assert.Equal(0, (await AvailableAsync())[0].Available);

        await HandleAsync<ConferenceViewModelGenerator>(conference.SeatCreated(later, 5, 10, "Late"));
        await HandleAsync<SeatsAvailabilityViewModelGenerator>(Changed(1, (conference.FullPass, 100), (later, 10)));
        Assert.Equal(100, (await AvailableAsync()).Single(s => s.SeatType == conference.FullPass).Available);
        Assert.Equal(10, (await AvailableAsync()).Single(s => s.SeatType == later).Available);
    }

    [SkippableFact]
    public async Task given_many_events_handled_at_the_same_time_when_they_are_applied_then_no_change_is_lost()
    {
        await GivenAsync<SeatsAvailabilityViewModelGenerator>(Changed(1, (conference.FullPass, 100)));
        var reservations = Enumerable.Range(2, 30).Select(version => (object)Reserved(version, (conference.FullPass, 1))).ToList();

        // Each event twice, all at once: concurrent duplicates must count once, concurrent neighbours must all count.
        await Task.WhenAll(reservations.Concat(reservations).Select(e => Task.Run(() => DeliverAsync<SeatsAvailabilityViewModelGenerator>([e]))));

        Assert.Equal(70, (await AvailableAsync())[0].Available);
        Assert.Equal(31, await SeatsAvailabilityVersionAsync());
    }

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task given_the_availability_events_of_a_conference_when_delivered_duplicated_and_shuffled_then_availability_equals_in_order_delivery(int seed)
    {
        var inOrder = await PublishedConferenceAsync();
        await DeliverAsync<SeatsAvailabilityViewModelGenerator>(History(inOrder));
        var shuffled = await PublishedConferenceAsync();

        await DeliverAsync<SeatsAvailabilityViewModelGenerator>(Delivery.DuplicatedAndShuffled(History(shuffled), seed));

        Assert.Equal(await StateAsync(inOrder), await StateAsync(shuffled));
        Assert.Equal([(inOrder.FullPass, 89), (inOrder.Workshop, 48)], await AvailableAsync(inOrder));
    }

    /// <summary>Capacity, reservations, a cancellation and a capacity cut; version 5 is a commit, which this generator never receives.</summary>
    private static IReadOnlyList<object> History(ConferenceData data) =>
    [
        Changed(data, 1, (data.FullPass, 100)),
        Changed(data, 2, (data.Workshop, 50)),
        Reserved(data, 3, (data.FullPass, 5)),
        Reserved(data, 4, (data.FullPass, 1), (data.Workshop, 2)),
        Cancelled(data, 6, (data.FullPass, 5)),
        Changed(data, 7, (data.FullPass, -10)),
    ];

    private async Task<ConferenceData> PublishedConferenceAsync()
    {
        var data = ConferenceData.New();
        await GivenAsync<ConferenceViewModelGenerator>(data.Created(), data.SeatCreated(data.FullPass, 2, 100), data.SeatCreated(data.Workshop, 3, 50, "Workshop"), data.Published(4));
        return data;
    }

    private async Task<string> StateAsync(ConferenceData data)
    {
        var view = await QueryAsync(c => c.Conferences.AsNoTracking().Include(x => x.SeatTypes).SingleAsync(x => x.Id == data.ConferenceId));
        return data.Anonymize(Snapshot(new { view.SeatsAvailabilityVersion, SeatTypes = view.SeatTypes.OrderBy(s => s.Name).Select(s => new { s.Id, s.AvailableQuantity }) }));
    }

    private AvailableSeatsChanged Changed(int version, params (Guid SeatType, int Quantity)[] seats) => Changed(conference, version, seats);

    private SeatsReserved Reserved(int version, params (Guid SeatType, int Quantity)[] seats) => Reserved(conference, version, seats);

    private SeatsReservationCancelled Cancelled(int version, params (Guid SeatType, int Quantity)[] seats) => Cancelled(conference, version, seats);

    private static AvailableSeatsChanged Changed(ConferenceData data, int version, params (Guid SeatType, int Quantity)[] seats) =>
        new([.. seats.Select(s => new SeatQuantity(s.SeatType, s.Quantity))]) { SourceId = data.ConferenceId, Version = version };

    /// <summary>A reservation of the given seats: availability goes down by as many.</summary>
    private static SeatsReserved Reserved(ConferenceData data, int version, params (Guid SeatType, int Quantity)[] seats) =>
        new(Guid.NewGuid(), [.. seats.Select(s => new SeatQuantity(s.SeatType, s.Quantity))], [.. seats.Select(s => new SeatQuantity(s.SeatType, -s.Quantity))])
        {
            SourceId = data.ConferenceId,
            Version = version,
        };

    private static SeatsReservationCancelled Cancelled(ConferenceData data, int version, params (Guid SeatType, int Quantity)[] seats) =>
        new(Guid.NewGuid(), [.. seats.Select(s => new SeatQuantity(s.SeatType, s.Quantity))]) { SourceId = data.ConferenceId, Version = version };

    private Task<List<(Guid SeatType, int Available)>> AvailableAsync() => AvailableAsync(conference);

    private async Task<List<(Guid SeatType, int Available)>> AvailableAsync(ConferenceData data)
    {
        var seatTypes = await QueryAsync(c => c.SeatTypes.AsNoTracking().Where(s => s.ConferenceId == data.ConferenceId).ToListAsync());
        return [.. seatTypes.OrderBy(s => s.Name).Select(s => (s.Id, s.AvailableQuantity))];
    }

    private Task<int> SeatsAvailabilityVersionAsync() =>
        QueryAsync(c => c.Conferences.Where(x => x.Id == conference.ConferenceId).Select(x => x.SeatsAvailabilityVersion).SingleAsync());
}

public sealed class SqliteSeatsAvailabilityViewModelGeneratorSpecs : SeatsAvailabilityViewModelGeneratorSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresSeatsAvailabilityViewModelGeneratorSpecs : SeatsAvailabilityViewModelGeneratorSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}

/// <summary>On SQL Server when CONFERENCE_TEST_SQLSERVER names one; reported skipped otherwise.</summary>
public sealed class SqlServerSeatsAvailabilityViewModelGeneratorSpecs : SeatsAvailabilityViewModelGeneratorSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqlServerTestDatabase.CreateAsync();
}
