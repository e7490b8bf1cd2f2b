using Microsoft.Extensions.DependencyInjection;
using Registration.Pricing;
using Registration.ReadModel.Implementation;

namespace Registration.ReadModel.Tests;

public abstract class DaoSpecs : ReadModelSpecs
{
    private readonly ConferenceData conference = ConferenceData.New();

    [SkippableFact]
    public async Task given_an_unpublished_conference_when_its_seat_types_are_asked_for_then_there_are_none_until_it_is_published_and_then_they_come_in_creation_order()
    {
        await GivenAsync<ConferenceViewModelGenerator>(
            conference.Created(),
            conference.SeatCreated(conference.Workshop, 2, 50, "Workshop", 150m),
            conference.SeatCreated(conference.FullPass, 3, 100, "Full pass", 500m));
        Assert.Empty(await ConferenceDao.GetPublishedSeatTypesAsync(conference.ConferenceId, default));

        await HandleAsync<ConferenceViewModelGenerator>(conference.Published(4));

        Assert.Equal(
            [
                new SeatType(conference.Workshop, conference.ConferenceId, "Workshop", "Workshop, all days", 150m, 50, 0),
                new SeatType(conference.FullPass, conference.ConferenceId, "Full pass", "Full pass, all days", 500m, 100, 0),
            ],
            await ConferenceDao.GetPublishedSeatTypesAsync(conference.ConferenceId, default));
    }

    [SkippableFact]
    public async Task given_seat_types_when_their_names_are_asked_for_then_the_known_ones_are_returned()
    {
        await GivenAsync<ConferenceViewModelGenerator>(conference.Created(), conference.SeatCreated(conference.FullPass, 2, 100, "Full pass"));

        var names = await ConferenceDao.GetSeatTypeSummariesAsync([conference.FullPass, Guid.NewGuid()], default);

        Assert.Equal([new SeatTypeName(conference.FullPass, "Full pass")], names);
        Assert.Empty(await ConferenceDao.GetSeatTypeSummariesAsync([], default));
    }

    [SkippableFact]
    public async Task given_no_conference_when_a_slug_is_looked_up_then_nothing_is_found()
    {
        Assert.Null(await ConferenceDao.GetConferenceDetailsAsync("nowhere", default));
        Assert.Null(await ConferenceDao.GetConferenceAliasAsync("nowhere", default));
    }

    [SkippableFact]
    public async Task given_a_conference_when_its_seat_prices_are_asked_for_then_pricing_gets_the_latest_price_of_each_of_its_seat_types()
    {
        var other = ConferenceData.New();
        await GivenAsync<ConferenceViewModelGenerator>(other.Created(slug: "other"), other.SeatCreated(other.FullPass, 2, 10));
        await GivenAsync<ConferenceViewModelGenerator>(
            conference.Created(),
            conference.SeatCreated(conference.FullPass, 2, 100, "Full pass", 500m),
            conference.SeatUpdated(conference.FullPass, 3, 100, "Full pass", 450m));

        var prices = await Services.GetRequiredService<ISeatTypePriceSource>().GetSeatTypePricesAsync(conference.ConferenceId, default);

        Assert.Equal([new SeatTypePrice(conference.FullPass, "Full pass", 450m)], prices);
    }

    [SkippableFact]
    public async Task given_an_order_with_its_registrant_when_it_is_located_by_email_and_access_code_then_its_id_is_found_whatever_the_case()
    {
        var order = OrderData.New();
        await GivenAsync<OrderViewModelGenerator>(order.Placed(), order.RegistrantAssigned(3, "Rita@Example.com"));

        Assert.Equal(order.OrderId, await OrderDao.LocateOrderAsync("rita@example.com", OrderData.AccessCode.ToLowerInvariant(), default));
        Assert.Equal(order.OrderId, await OrderDao.LocateOrderAsync(" Rita@Example.com ", OrderData.AccessCode, default));
    }

    [SkippableFact]
    public async Task given_an_order_when_it_is_located_with_a_wrong_code_or_email_then_nothing_is_found()
    {
        var order = OrderData.New();
        var unassigned = OrderData.New();
        await GivenAsync<OrderViewModelGenerator>(order.Placed(), order.RegistrantAssigned(3, "rita@example.com"), unassigned.Placed());

        Assert.Null(await OrderDao.LocateOrderAsync("rita@example.com", "XXXXXX", default));
        Assert.Null(await OrderDao.LocateOrderAsync("someone@example.com", OrderData.AccessCode, default));
        Assert.Null(await OrderDao.LocateOrderAsync("", OrderData.AccessCode, default));
        Assert.Null(await OrderDao.LocateOrderAsync("rita@example.com", " ", default));
    }

    [SkippableFact]
    public async Task given_nothing_when_unknown_orders_are_asked_for_then_none_are_found()
    {
        Assert.Null(await OrderDao.FindDraftOrderAsync(Guid.NewGuid(), default));
        Assert.Null(await OrderDao.FindPricedOrderAsync(Guid.NewGuid(), default));
        Assert.Null(await OrderDao.FindOrderSeatsAsync(Guid.NewGuid(), default));
    }

    [SkippableFact]
    public void given_the_read_model_services_when_resolved_then_the_site_gets_the_caching_conference_dao_and_pricing_the_read_model_prices()
    {
        Assert.IsType<CachingConferenceDao>(Services.GetRequiredService<IConferenceDao>());
        Assert.IsType<SeatTypePriceSource>(Services.GetRequiredService<ISeatTypePriceSource>());
        Assert.IsType<OrderDao>(Services.GetRequiredService<IOrderDao>());
    }
}

public sealed class SqliteDaoSpecs : DaoSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresDaoSpecs : DaoSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}

/// <summary>On SQL Server when CONFERENCE_TEST_SQLSERVER names one; reported skipped otherwise.</summary>
public sealed class SqlServerDaoSpecs : DaoSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqlServerTestDatabase.CreateAsync();
}
