using System.Text.Json;
using Conference.Handlers;
using Conference.Tests.Fakes;
using Infrastructure.Messaging;
using Infrastructure.Resilience;
using Infrastructure.Sql.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Registration.Contracts;
using Registration.Contracts.Events;

namespace Conference.Tests;

/// <summary>
/// Conference Management's orders-and-attendees table from Registration's events, delivered in order,
/// duplicated, shuffled, early, and concurrently.
/// </summary>
public abstract class OrderEventHandlerSpecs : ConferenceDatabaseSpecs
{
    private readonly Guid paidOrder = Guid.NewGuid();
    private readonly Guid expiredOrder = Guid.NewGuid();
    private readonly Guid pendingOrder = Guid.NewGuid();
    private Guid conferenceId;
    private Guid general;
    private Guid workshop;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var bus = new RecordingEventBus();
        conferenceId = (await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), Details(), default))).Id;
        general = (await WithServiceAsync(bus, s => s.CreateSeatAsync(conferenceId, Seat("General"), default))).Id;
        workshop = (await WithServiceAsync(bus, s => s.CreateSeatAsync(conferenceId, Seat("Workshop", 99m, 20), default))).Id;
    }

    [SkippableFact]
    public async Task given_the_events_of_orders_in_order_then_the_table_shows_registrants_totals_statuses_and_attendees()
    {
        await ApplyAllAsync(History());

        var orders = await WithServiceAsync(new RecordingEventBus(), s => s.FindOrdersAsync(conferenceId, default));

        Assert.Equal(new[] { paidOrder, pendingOrder }.Order(), orders.Select(o => o.Id).Order());
        var paid = Assert.Single(orders, o => o.Id == paidOrder);
        Assert.Equal((OrderStatus.Confirmed, 298m, "ABC234"), (paid.Status, paid.TotalAmount, paid.AccessCode));
        Assert.Equal(("Ada", "King", "ada.king@contoso.com"), (paid.RegistrantFirstName, paid.RegistrantLastName, paid.RegistrantEmail));
        Assert.Equal(
            [
                (0, "General", (string?)"Edsger", (string?)"edsger@contoso.com"),
                (1, "General", "Grace Brewster", "grace@contoso.com"),
                (2, "Workshop", null, null),
            ],
            paid.Seats.Select(s => (s.Position, s.SeatTypeName!, s.AttendeeFirstName, s.AttendeeEmail)));
        var pending = Assert.Single(orders, o => o.Id == pendingOrder);
        Assert.Equal((OrderStatus.Pending, 99m, "bob@contoso.com"), (pending.Status, pending.TotalAmount, pending.RegistrantEmail));
    }

    [SkippableFact]
    public async Task given_an_expired_order_then_the_orders_list_leaves_it_out_but_the_row_remembers_it()
    {
        await ApplyAllAsync(History());

        var orders = await WithServiceAsync(new RecordingEventBus(), s => s.FindOrdersAsync(conferenceId, default));

        Assert.DoesNotContain(orders, o => o.Id == expiredOrder);
        Assert.Equal(OrderStatus.Expired, (await LoadOrderAsync(expiredOrder))?.Status);
    }

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task given_the_events_duplicated_and_shuffled_then_the_table_ends_in_the_same_state(int seed)
    {
        var history = History();
        await ApplyAllAsync(history);
        var expected = await SnapshotAsync();
        await ClearOrdersAsync();

        await ApplyAllAsync(DuplicatedAndShuffled(history, seed));

        Assert.Equal(expected, await SnapshotAsync());
    }

    [SkippableFact]
    public async Task given_the_events_duplicated_shuffled_and_handled_concurrently_then_the_table_ends_in_the_same_state()
    {
        var history = History();
        await ApplyAllAsync(history);
        var expected = await SnapshotAsync();
        await ClearOrdersAsync();

        // As the message processor runs them: four at a time, a concurrency conflict retried on a fresh unit of work.
        await Parallel.ForEachAsync(
            DuplicatedAndShuffled(history, seed: 42),
            new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (e, token) => await ResiliencePipelines.ConcurrencyConflicts.ExecuteAsync(async t => await ApplyAsync(e, t), token));

        Assert.Equal(expected, await SnapshotAsync());
    }

    [SkippableFact]
    public async Task given_events_that_arrive_before_OrderPlaced_then_a_row_is_started_and_listed_once_OrderPlaced_names_the_conference()
    {
        var orderId = Guid.NewGuid();
        await ApplyAsync(new OrderRegistrantAssigned("Ada", "Lovelace", "ada@contoso.com") { SourceId = orderId, Version = 3 }, default);
        await ApplyAsync(new SeatAssigned(0, general, new PersonalInfo("Alan", "Turing", "alan@contoso.com")) { SourceId = orderId, Version = 2 }, default);

        Assert.Null((await LoadOrderAsync(orderId))?.ConferenceId);
        Assert.Empty(await WithServiceAsync(new RecordingEventBus(), s => s.FindOrdersAsync(conferenceId, default)));

        await ApplyAsync(new OrderPlaced(conferenceId, [new SeatQuantity(general, 1)], DateTimeOffset.UtcNow.AddMinutes(15), "XYZ789") { SourceId = orderId, Version = 1 }, default);

        var order = Assert.Single(await WithServiceAsync(new RecordingEventBus(), s => s.FindOrdersAsync(conferenceId, default)));
        Assert.Equal(("XYZ789", "ada@contoso.com"), (order.AccessCode, order.RegistrantEmail));
        Assert.Equal(("General", "alan@contoso.com"), (order.Seats.Single().SeatTypeName, order.Seats.Single().AttendeeEmail));
    }

    [SkippableFact]
    public async Task given_a_newer_registrant_when_an_older_one_arrives_late_then_the_newer_one_stays()
    {
        var orderId = Guid.NewGuid();
        await ApplyAsync(new OrderRegistrantAssigned("New", "Name", "new@contoso.com") { SourceId = orderId, Version = 7 }, default);
        await ApplyAsync(new OrderRegistrantAssigned("Old", "Name", "old@contoso.com") { SourceId = orderId, Version = 5 }, default);

        var order = await LoadOrderAsync(orderId);
        Assert.Equal(("new@contoso.com", 7), (order?.RegistrantEmail, order?.RegistrantVersion));
    }

    [SkippableFact]
    public async Task given_a_seat_unassigned_after_being_assigned_when_the_unassignment_arrives_first_then_the_seat_ends_empty()
    {
        var orderId = Guid.NewGuid();
        await ApplyAsync(new SeatUnassigned(0) { SourceId = orderId, Version = 3 }, default);
        await ApplyAsync(new SeatAssigned(0, general, new PersonalInfo("Alan", "Turing", "alan@contoso.com")) { SourceId = orderId, Version = 2 }, default);
        await ApplyAsync(new SeatAssignmentsCreated(orderId, [new SeatAssignmentInfo(0, general)]) { SourceId = orderId, Version = 1 }, default);

        var seat = Assert.Single((await LoadOrderAsync(orderId))!.Seats);
        Assert.Equal((general, "General", (string?)null, 3), (seat.SeatTypeId!.Value, seat.SeatTypeName!, seat.AttendeeEmail, seat.AttendeeVersion));
    }

    [SkippableFact]
    public async Task given_the_legacy_OrderPaymentConfirmed_name_then_it_is_read_as_OrderConfirmed_and_confirms_the_order()
    {
        var orderId = Guid.NewGuid();
        await ApplyAsync(new OrderPlaced(conferenceId, [new SeatQuantity(general, 1)], DateTimeOffset.UtcNow.AddMinutes(15), "LEG4CY") { SourceId = orderId, Version = 1 }, default);
        var (_, body) = Serializer.Serialize(new OrderConfirmed { SourceId = orderId, Version = 4 });

        await ApplyAsync((IEvent)Serializer.Deserialize("OrderPaymentConfirmed", body), default);

        Assert.Equal(OrderStatus.Confirmed, (await LoadOrderAsync(orderId))?.Status);
    }

    /// <summary>Three orders: paid with attendees (re)assigned, expired, and pending.</summary>
    private List<IEvent> History()
    {
        var expires = new DateTimeOffset(2030, 1, 1, 12, 15, 0, TimeSpan.Zero);
        List<OrderLine> Lines(int generalSeats, int workshopSeats) =>
            [new(general, "General", 199m, generalSeats, 199m * generalSeats), new(workshop, "Workshop", 99m, workshopSeats, 99m * workshopSeats)];

        return
        [
            // Order stream of the paid order (v3 OrderUpdated and v6 OrderReservationCompleted are not sent to Conference Management).
            new OrderPlaced(conferenceId, [new SeatQuantity(general, 2), new SeatQuantity(workshop, 1)], expires, "ABC234") { SourceId = paidOrder, Version = 1 },
            new OrderTotalsCalculated(497m, Lines(2, 1), false) { SourceId = paidOrder, Version = 2 },
            new OrderTotalsCalculated(298m, Lines(1, 1), false) { SourceId = paidOrder, Version = 4 },
            new OrderRegistrantAssigned("Ada", "Lovelace", "ada@contoso.com") { SourceId = paidOrder, Version = 5 },
            new OrderRegistrantAssigned("Ada", "King", "ada.king@contoso.com") { SourceId = paidOrder, Version = 7 },
            new OrderConfirmed { SourceId = paidOrder, Version = 8 },

            // Seat assignments stream of the paid order (same id, its own versions).
            new SeatAssignmentsCreated(paidOrder, [new SeatAssignmentInfo(0, general), new SeatAssignmentInfo(1, general), new SeatAssignmentInfo(2, workshop)]) { SourceId = paidOrder, Version = 1 },
            new SeatAssigned(0, general, new PersonalInfo("Alan", "Turing", "alan@contoso.com")) { SourceId = paidOrder, Version = 2 },
            new SeatAssigned(1, general, new PersonalInfo("Grace", "Hopper", "grace@contoso.com")) { SourceId = paidOrder, Version = 3 },
            new SeatAssignmentUpdated(1, new PersonalInfo("Grace Brewster", "Hopper", "grace@contoso.com")) { SourceId = paidOrder, Version = 4 },
            new SeatUnassigned(0) { SourceId = paidOrder, Version = 5 },
            new SeatAssigned(0, general, new PersonalInfo("Edsger", "Dijkstra", "edsger@contoso.com")) { SourceId = paidOrder, Version = 6 },
            new SeatAssigned(2, workshop, new PersonalInfo("Barbara", "Liskov", "barbara@contoso.com")) { SourceId = paidOrder, Version = 7 },
            new SeatUnassigned(2) { SourceId = paidOrder, Version = 8 },

            new OrderPlaced(conferenceId, [new SeatQuantity(general, 1)], expires, "EXP123") { SourceId = expiredOrder, Version = 1 },
            new OrderTotalsCalculated(199m, Lines(1, 0), false) { SourceId = expiredOrder, Version = 2 },
            new OrderExpired { SourceId = expiredOrder, Version = 3 },

            new OrderPlaced(conferenceId, [new SeatQuantity(workshop, 1)], expires, "PEN456") { SourceId = pendingOrder, Version = 1 },
            new OrderTotalsCalculated(99m, Lines(0, 1), false) { SourceId = pendingOrder, Version = 2 },
            new OrderRegistrantAssigned("Bob", "Smith", "bob@contoso.com") { SourceId = pendingOrder, Version = 3 },
        ];
    }

    private static List<IEvent> DuplicatedAndShuffled(List<IEvent> history, int seed)
    {
        var random = new Random(seed);
        var deliveries = history.SelectMany(e => Enumerable.Repeat(e, random.Next(1, 4))).ToArray();
        random.Shuffle(deliveries);
        return [.. deliveries];
    }

    private async Task ApplyAllAsync(IEnumerable<IEvent> events)
    {
        foreach (var e in events)
        {
            await ApplyAsync(e, default);
        }
    }

    /// <summary>One delivery: a fresh unit of work, as the message processor gives each message.</summary>
    private async Task ApplyAsync(IEvent e, CancellationToken cancellationToken)
    {
        await using var context = NewContext();
        var handler = new OrderEventHandler(context, NullLogger<OrderEventHandler>.Instance);
        await (e switch
        {
            OrderPlaced x => handler.HandleAsync(x, cancellationToken),
            OrderRegistrantAssigned x => handler.HandleAsync(x, cancellationToken),
            OrderTotalsCalculated x => handler.HandleAsync(x, cancellationToken),
            OrderConfirmed x => handler.HandleAsync(x, cancellationToken),
            OrderExpired x => handler.HandleAsync(x, cancellationToken),
            SeatAssignmentsCreated x => handler.HandleAsync(x, cancellationToken),
            SeatAssigned x => handler.HandleAsync(x, cancellationToken),
            SeatUnassigned x => handler.HandleAsync(x, cancellationToken),
            SeatAssignmentUpdated x => handler.HandleAsync(x, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Not an event of the handler."),
        });
    }

    private async Task<Order?> LoadOrderAsync(Guid orderId)
    {
        await using var context = NewContext();
        return await context.Orders.AsNoTracking().Include(o => o.Seats).FirstOrDefaultAsync(o => o.Id == orderId);
    }

    /// <summary>Everything a reader can see (the concurrency counter is left out: it counts writes, not state).</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var context = NewContext();
        var orders = await context.Orders.AsNoTracking().Include(o => o.Seats).ToListAsync();
        return JsonSerializer.Serialize(orders.OrderBy(o => o.Id).Select(o => new
        {
            o.Id,
            o.ConferenceId,
            o.AccessCode,
            o.RegistrantFirstName,
            o.RegistrantLastName,
            o.RegistrantEmail,
            o.RegistrantVersion,
            o.TotalAmount,
            o.TotalsVersion,
            o.Status,
            o.StatusVersion,
            Seats = o.Seats.OrderBy(s => s.Position).Select(s => new
            {
                s.Position,
                s.SeatTypeId,
                s.SeatTypeName,
                s.AttendeeFirstName,
                s.AttendeeLastName,
                s.AttendeeEmail,
                s.AttendeeVersion,
            }),
        }));
    }

    private async Task ClearOrdersAsync()
    {
        await using var context = NewContext();
        await context.OrderSeats.ExecuteDeleteAsync();
        await context.Orders.ExecuteDeleteAsync();
    }
}

public sealed class SqliteOrderEventHandlerSpecs : OrderEventHandlerSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresOrderEventHandlerSpecs : OrderEventHandlerSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}

/// <summary>On SQL Server when CONFERENCE_TEST_SQLSERVER names one; reported skipped otherwise.</summary>
public sealed class SqlServerOrderEventHandlerSpecs : OrderEventHandlerSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqlServerTestDatabase.CreateAsync();
}
