using Infrastructure.Messaging;
using Registration.Contracts;
using Registration.ReadModel.Implementation;

namespace Registration.ReadModel.Tests;

public abstract class OrderViewModelGeneratorSpecs : ReadModelSpecs
{
    private readonly OrderData order = OrderData.New();

    [SkippableFact]
    public async Task given_no_order_when_it_is_placed_then_a_draft_order_shows_the_seats_asked_for()
    {
        await HandleAsync<OrderViewModelGenerator>(order.Placed(1, new SeatQuantity(order.FullPass, 3), new SeatQuantity(order.Workshop, 0)));

        Assert.Equal(
            Snapshot(new DraftOrder(order.OrderId, order.ConferenceId, DraftOrderState.Created, 1, OrderData.PlacedAt.AddMinutes(15), null, OrderData.AccessCode, [new DraftOrderItem(order.FullPass, 3, 0)])),
            Snapshot(await OrderDao.FindDraftOrderAsync(order.OrderId, default)));
    }

    [SkippableFact]
    public async Task given_a_placed_order_when_it_is_partially_reserved_then_lines_show_asked_and_reserved_seats_and_the_new_expiration()
    {
        await GivenAsync<OrderViewModelGenerator>(order.Placed());

        await HandleAsync<OrderViewModelGenerator>(order.PartiallyReserved(3, OrderData.PlacedAt.AddMinutes(16), new SeatQuantity(order.FullPass, 1), new SeatQuantity(order.Workshop, 2)));

        var draft = await DraftAsync();
        Assert.Equal((DraftOrderState.PartiallyReserved, 3, OrderData.PlacedAt.AddMinutes(16)), (draft.State, draft.OrderVersion, draft.ReservationExpirationDate));
        Assert.Equal(Lines((order.FullPass, 3, 1), (order.Workshop, 2, 2)), Snapshot(draft.Lines));
    }

    [SkippableFact]
    public async Task given_a_partially_reserved_order_when_the_registrant_changes_it_then_the_new_seats_are_asked_for_and_none_are_reserved_yet()
    {
        await GivenAsync<OrderViewModelGenerator>(order.Placed(), order.PartiallyReserved(3, OrderData.PlacedAt.AddMinutes(16), new SeatQuantity(order.FullPass, 1)));

        await HandleAsync<OrderViewModelGenerator>(order.Updated(5, new SeatQuantity(order.FullPass, 1), new SeatQuantity(order.Dinner, 2)));

        var draft = await DraftAsync();
        Assert.Equal(DraftOrderState.Created, draft.State);
        Assert.Equal(Lines((order.FullPass, 1, 0), (order.Dinner, 2, 0)), Snapshot(draft.Lines));
        Assert.Equal(OrderData.PlacedAt.AddMinutes(16), draft.ReservationExpirationDate);
    }

    [SkippableFact]
    public async Task given_a_placed_order_when_every_seat_is_reserved_then_the_reservation_is_complete()
    {
        await GivenAsync<OrderViewModelGenerator>(order.Placed());

        await HandleAsync<OrderViewModelGenerator>(order.ReservationCompleted(3, OrderData.PlacedAt.AddMinutes(17), new SeatQuantity(order.FullPass, 3), new SeatQuantity(order.Workshop, 2)));

        var draft = await DraftAsync();
        Assert.Equal(DraftOrderState.ReservationCompleted, draft.State);
        Assert.Equal(Lines((order.FullPass, 3, 3), (order.Workshop, 2, 2)), Snapshot(draft.Lines));
    }

    [SkippableFact]
    public async Task given_a_reserved_order_when_the_registrant_is_assigned_and_it_is_confirmed_then_it_shows_the_email_and_is_confirmed()
    {
        await GivenAsync<OrderViewModelGenerator>(order.Placed(), order.ReservationCompleted(3, OrderData.PlacedAt.AddMinutes(17), new SeatQuantity(order.FullPass, 3)));

        await HandleAsync<OrderViewModelGenerator>(order.RegistrantAssigned(5));
        await HandleAsync<OrderViewModelGenerator>(order.Confirmed(6));

        var draft = await DraftAsync();
        Assert.Equal((DraftOrderState.Confirmed, "reg@example.com", 6), (draft.State, draft.RegistrantEmail, draft.OrderVersion));
    }

    [SkippableFact]
    public async Task given_a_placed_order_when_it_expires_then_it_is_rejected()
    {
        await GivenAsync<OrderViewModelGenerator>(order.Placed());

        await HandleAsync<OrderViewModelGenerator>(order.Expired(3));

        Assert.Equal(DraftOrderState.Rejected, (await DraftAsync()).State);
    }

    [SkippableFact]
    public async Task given_no_order_when_a_later_event_arrives_first_then_it_is_deferred_until_the_order_is_placed()
    {
        await Assert.ThrowsAsync<MessageDeferredException>(() => HandleAsync<OrderViewModelGenerator>(order.Confirmed(6)));
        Assert.Null(await OrderDao.FindDraftOrderAsync(order.OrderId, default));

        await HandleAsync<OrderViewModelGenerator>(order.Placed());
        await HandleAsync<OrderViewModelGenerator>(order.Confirmed(6));
        Assert.Equal(DraftOrderState.Confirmed, (await DraftAsync()).State);
    }

    [SkippableFact]
    public async Task given_a_confirmed_order_when_older_events_arrive_late_or_again_then_nothing_changes()
    {
        await GivenAsync<OrderViewModelGenerator>(
            order.Placed(),
            order.ReservationCompleted(3, OrderData.PlacedAt.AddMinutes(17), new SeatQuantity(order.FullPass, 3), new SeatQuantity(order.Workshop, 2)),
            order.Confirmed(5));
        var before = Snapshot(await DraftAsync());

        await HandleAsync<OrderViewModelGenerator>(order.PartiallyReserved(2, OrderData.PlacedAt.AddMinutes(16), new SeatQuantity(order.FullPass, 1)));
        await HandleAsync<OrderViewModelGenerator>(order.Placed());
        await HandleAsync<OrderViewModelGenerator>(order.Confirmed(5));

        Assert.Equal(before, Snapshot(await DraftAsync()));
    }

    [SkippableFact]
    public async Task given_the_order_history_when_delivered_in_order_then_the_draft_order_is_the_final_one()
    {
        await DeliverAsync<OrderViewModelGenerator>(SubscribedBy<OrderViewModelGenerator>(order.History()));

        Assert.Equal(
            Snapshot(new DraftOrder(
                order.OrderId,
                order.ConferenceId,
                DraftOrderState.Confirmed,
                12,
                OrderData.PlacedAt.AddMinutes(18),
                "Second@Example.com",
                OrderData.AccessCode,
                [.. new[] { new DraftOrderItem(order.FullPass, 2, 2), new DraftOrderItem(order.Workshop, 1, 1) }.OrderBy(l => l.SeatType)],
                "Rita",
                "Registrant")),
            Snapshot(await DraftAsync()));
    }

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task given_the_order_history_when_delivered_duplicated_and_shuffled_then_the_draft_order_equals_in_order_delivery(int seed)
    {
        var inOrder = OrderData.New();
        await DeliverAsync<OrderViewModelGenerator>(SubscribedBy<OrderViewModelGenerator>(inOrder.History()));
        var shuffled = OrderData.New();

        await DeliverAsync<OrderViewModelGenerator>(Delivery.DuplicatedAndShuffled(SubscribedBy<OrderViewModelGenerator>(shuffled.History()), seed));

        Assert.Equal(await StateAsync(inOrder), await StateAsync(shuffled));
    }

    private async Task<string> StateAsync(OrderData data)
    {
        var draft = await OrderDao.FindDraftOrderAsync(data.OrderId, default) ?? throw new InvalidOperationException("No draft order.");
        return data.Anonymize(Snapshot(draft with { Lines = [.. draft.Lines.OrderBy(l => data.Label(l.SeatType))] }));
    }

    private static string Lines(params (Guid SeatType, int Requested, int Reserved)[] lines) =>
        Snapshot(lines.OrderBy(l => l.SeatType).Select(l => new DraftOrderItem(l.SeatType, l.Requested, l.Reserved)));

    private async Task<DraftOrder> DraftAsync() =>
        await OrderDao.FindDraftOrderAsync(order.OrderId, default) ?? throw new InvalidOperationException("No draft order.");
}

public sealed class SqliteOrderViewModelGeneratorSpecs : OrderViewModelGeneratorSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresOrderViewModelGeneratorSpecs : OrderViewModelGeneratorSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}

/// <summary>On SQL Server when CONFERENCE_TEST_SQLSERVER names one; reported skipped otherwise.</summary>
public sealed class SqlServerOrderViewModelGeneratorSpecs : OrderViewModelGeneratorSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqlServerTestDatabase.CreateAsync();
}
