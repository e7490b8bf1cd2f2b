using Infrastructure.BlobStorage;
using Infrastructure.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Registration.Contracts;
using Registration.Contracts.Events;
using Registration.ReadModel.Implementation;

namespace Registration.ReadModel.Tests;

public abstract class SeatAssignmentsViewModelGeneratorSpecs : ReadModelSpecs
{
    private static readonly PersonalInfo Alice = new("Alice", "Attendee", "alice@example.com");
    private static readonly PersonalInfo Bob = new("Bob", "Attendee", "bob@example.com");
    private readonly ConferenceData conference = ConferenceData.New();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await GivenAsync<ConferenceViewModelGenerator>(
            conference.Created(),
            conference.SeatCreated(conference.FullPass, 2, 100, "Full pass"),
            conference.SeatCreated(conference.Workshop, 3, 50, "Workshop"));
    }

    [SkippableFact]
    public async Task given_a_confirmed_order_when_its_seat_assignments_are_created_then_the_document_lists_every_seat_with_its_seat_type_name()
    {
        var order = OrderData.For(conference);

        await HandleAsync<SeatAssignmentsViewModelGenerator>(Created(order));

        Assert.Equal(
            Snapshot(new OrderSeats(order.OrderId, order.OrderId, 1, [
                new OrderSeat(0, conference.FullPass, "Full pass", null),
                new OrderSeat(1, conference.FullPass, "Full pass", null),
                new OrderSeat(2, conference.Workshop, "Workshop", null)])),
            Snapshot(await OrderDao.FindOrderSeatsAsync(order.OrderId, default)));
    }

    [SkippableFact]
    public async Task given_seat_assignments_when_attendees_are_assigned_renamed_and_unassigned_then_the_document_follows()
    {
        var order = OrderData.For(conference);
        await GivenAsync<SeatAssignmentsViewModelGenerator>(Created(order));

        await HandleAsync<SeatAssignmentsViewModelGenerator>(Assigned(order, 2, 0, conference.FullPass, Alice));
        await HandleAsync<SeatAssignmentsViewModelGenerator>(Assigned(order, 3, 2, conference.Workshop, Bob));
        await HandleAsync<SeatAssignmentsViewModelGenerator>(Stamp(order, 4, new SeatAssignmentUpdated(0, Alice with { LastName = "Smith" })));
        await HandleAsync<SeatAssignmentsViewModelGenerator>(Stamp(order, 5, new SeatUnassigned(2)));

        var seats = await SeatsAsync(order);
        Assert.Equal(5, seats.Version);
        Assert.Equal([Alice with { LastName = "Smith" }, null, null], seats.Seats.Select(s => s.Attendee));
    }

    [SkippableFact]
    public async Task given_no_seat_assignments_when_a_seat_is_assigned_first_then_it_waits_for_them_to_be_created()
    {
        var order = OrderData.For(conference);

        await Assert.ThrowsAsync<MessageDeferredException>(() => HandleAsync<SeatAssignmentsViewModelGenerator>(Assigned(order, 2, 0, conference.FullPass, Alice)));

        Assert.Null(await OrderDao.FindOrderSeatsAsync(order.OrderId, default));
    }

    [SkippableFact]
    public async Task given_a_newer_assignment_when_an_older_event_for_the_same_seat_arrives_late_then_the_newer_one_stays()
    {
        var order = OrderData.For(conference);
        await GivenAsync<SeatAssignmentsViewModelGenerator>(Created(order), Assigned(order, 2, 0, conference.FullPass, Alice), Stamp(order, 3, new SeatUnassigned(0)), Assigned(order, 4, 0, conference.FullPass, Bob));

        await HandleAsync<SeatAssignmentsViewModelGenerator>(Assigned(order, 2, 0, conference.FullPass, Alice));
        await HandleAsync<SeatAssignmentsViewModelGenerator>(Stamp(order, 3, new SeatUnassigned(0)));

        Assert.Equal(Bob, (await SeatsAsync(order)).Seats[0].Attendee);
    }

    [SkippableFact]
    public async Task given_a_document_lost_after_its_state_was_saved_when_an_event_is_redelivered_then_the_document_is_written_again()
    {
        var order = OrderData.For(conference);
        await GivenAsync<SeatAssignmentsViewModelGenerator>(Created(order), Assigned(order, 2, 0, conference.FullPass, Alice));
        var blobs = Services.GetRequiredService<IBlobStorage>();
        await blobs.DeleteAsync(OrderSeatsDocument.BlobId(order.OrderId), default);

        await HandleAsync<SeatAssignmentsViewModelGenerator>(Assigned(order, 2, 0, conference.FullPass, Alice));

        Assert.Equal(Alice, (await SeatsAsync(order)).Seats[0].Attendee);
    }

    [SkippableFact]
    public async Task given_seat_assignments_when_many_seats_are_assigned_at_the_same_time_then_the_document_shows_every_attendee()
    {
        var order = OrderData.For(conference);
        var positions = Enumerable.Range(0, 12).Select(p => new SeatAssignmentInfo(p, conference.FullPass)).ToArray();
        await GivenAsync<SeatAssignmentsViewModelGenerator>(Stamp(order, 1, new SeatAssignmentsCreated(order.OrderId, positions)));
        var assignments = positions.Select(p => (object)Assigned(order, p.Position + 2, p.Position, conference.FullPass, new PersonalInfo($"A{p.Position}", "Attendee", $"a{p.Position}@example.com"))).ToList();

        await Task.WhenAll(assignments.Select(e => Task.Run(() => DeliverAsync<SeatAssignmentsViewModelGenerator>([e]))));

        var seats = await SeatsAsync(order);
        Assert.Equal(Enumerable.Range(0, 12).Select(p => $"a{p}@example.com"), seats.Seats.Select(s => s.Attendee?.Email));
        Assert.Equal(13, seats.Version);
    }

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task given_the_seat_assignment_events_when_delivered_duplicated_and_shuffled_then_the_document_equals_in_order_delivery(int seed)
    {
        var inOrder = OrderData.For(conference);
        await DeliverAsync<SeatAssignmentsViewModelGenerator>(History(inOrder));
        var shuffled = OrderData.For(conference);

        await DeliverAsync<SeatAssignmentsViewModelGenerator>(Delivery.DuplicatedAndShuffled(History(shuffled), seed));

        var expected = await SeatsAsync(inOrder);
        Assert.Equal([Alice with { FirstName = "Alicia" }, new PersonalInfo("Carol", "Attendee", "carol@example.com"), null], expected.Seats.Select(s => s.Attendee));
        Assert.Equal(inOrder.Anonymize(Snapshot(expected)), shuffled.Anonymize(Snapshot(await SeatsAsync(shuffled))));
    }

    /// <summary>Alice takes seat 0 and is renamed; Bob takes seat 1 and gives it to Carol; seat 2 gets Bob, then nobody.</summary>
    private IReadOnlyList<object> History(OrderData order) =>
    [
        Created(order),
        Assigned(order, 2, 0, conference.FullPass, Alice),
        Assigned(order, 3, 1, conference.FullPass, Bob),
        Stamp(order, 4, new SeatAssignmentUpdated(0, Alice with { FirstName = "Alicia" })),
        Stamp(order, 5, new SeatUnassigned(1)),
        Assigned(order, 6, 1, conference.FullPass, new PersonalInfo("Carol", "Attendee", "carol@example.com")),
        Assigned(order, 7, 2, conference.Workshop, Bob),
        Stamp(order, 8, new SeatUnassigned(2)),
    ];

    private SeatAssignmentsCreated Created(OrderData order) =>
        Stamp(order, 1, new SeatAssignmentsCreated(order.OrderId, [new(0, conference.FullPass), new(1, conference.FullPass), new(2, conference.Workshop)]));

    private static SeatAssigned Assigned(OrderData order, int version, int position, Guid seatType, PersonalInfo attendee) =>
        Stamp(order, version, new SeatAssigned(position, seatType, attendee));

    private static T Stamp<T>(OrderData order, int version, T @event) where T : Infrastructure.Messaging.VersionedEvent =>
        @event with { SourceId = order.OrderId, Version = version };

    private async Task<OrderSeats> SeatsAsync(OrderData order) =>
        await OrderDao.FindOrderSeatsAsync(order.OrderId, default) ?? throw new InvalidOperationException("No seat assignments document.");
}

public sealed class SqliteSeatAssignmentsViewModelGeneratorSpecs : SeatAssignmentsViewModelGeneratorSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresSeatAssignmentsViewModelGeneratorSpecs : SeatAssignmentsViewModelGeneratorSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}

/// <summary>On SQL Server when CONFERENCE_TEST_SQLSERVER names one; reported skipped otherwise.</summary>
public sealed class SqlServerSeatAssignmentsViewModelGeneratorSpecs : SeatAssignmentsViewModelGeneratorSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqlServerTestDatabase.CreateAsync();
}
