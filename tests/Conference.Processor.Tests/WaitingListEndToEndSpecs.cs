using Conference.Common;
using Infrastructure.Messaging;
using Infrastructure.Sql.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Registration.Contracts;
using Registration.Contracts.Commands;
using Registration.ReadModel;
using WaitingList.Contracts.Commands;
using WaitingList.ReadModel;

namespace Conference.Processor.Tests;

/// <summary>
/// The waiting list in the whole processor on the real transport and stores: a sold-out workshop, two
/// registrants in line, seats coming back as the quota grows, offers made, emailed, taken up or passed on.
/// </summary>
public abstract class WaitingListEndToEndSpecs(string offerWindow) : IAsyncLifetime
{
    private readonly string mail = Directory.CreateTempSubdirectory("conference-mail").FullName;
    private ITestDatabase database = null!;
    private IHost host = null!;

    private protected ConferenceJourney Journey { get; private set; } = null!;

    protected IWaitingListDao WaitingLists => host.Services.GetRequiredService<IWaitingListDao>();

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        database = await CreateDatabaseAsync();
        var environment = TestSettings.EnvironmentFor(database.Database, mail);
        environment["Conference__WaitingList__OfferWindow"] = offerWindow;
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddConferenceProcessor(TestSettings.Read(environment));
        host = builder.Build();
        await host.StartAsync();
        Journey = new ConferenceJourney(host.Services, TimeSpan.FromSeconds(45));
    }

    public async Task DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        await database.DisposeAsync();
        Directory.Delete(mail, recursive: true);
    }

    /// <summary>One workshop seat, reserved by an order; Ann then Bob join the workshop's waiting list.</summary>
    protected async Task<(Guid Ann, Guid Bob)> SoldOutWithTwoInLineAsync()
    {
        await Journey.CreateAndPublishConferenceAsync(quota: 1);
        await Journey.WaitForSeatTypesAsync(s => s.Count == 2 && s.All(t => t.AvailableQuantity == 1), "seat types");
        await Journey.Bus.SendAsync(new RegisterToConference(Guid.NewGuid(), Journey.ConferenceId, [new SeatQuantity(Journey.Workshop, 1)]), default);
        await Journey.WaitForSeatTypesAsync(s => s.Single(t => t.Id == Journey.Workshop).AvailableQuantity == 0, "the workshop sold out");

        var (ann, bob) = (Guid.NewGuid(), Guid.NewGuid());
        await Journey.Bus.SendAsync(new JoinWaitingList(Journey.ConferenceId, Journey.Workshop, ann, "Ann", "ann@example.com", 1), default);
        await Journey.WaitForAsync(() => WaitingLists.FindEntryAsync(ann, default), e => e is { Place: 1 }, "Ann first in line");
        await Journey.Bus.SendAsync(new JoinWaitingList(Journey.ConferenceId, Journey.Workshop, bob, "Bob", "bob@example.com", 1), default);
        await Journey.WaitForAsync(() => WaitingLists.FindEntryAsync(bob, default), e => e is { Place: 2 }, "Bob second in line");
        await Journey.WaitForAsync(() => Task.FromResult(File.Exists(Path.Combine(mail, $"waiting-list-joined-{ann:N}.eml"))), sent => sent, "Ann's email with her place");
        return (ann, bob);
    }

    protected async Task GrowWorkshopQuotaAsync(int quota)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ConferenceService>().UpdateSeatAsync(Journey.ConferenceId, Journey.Workshop, new SeatTypeDetails("Workshop", "Hands on", ConferenceJourney.WorkshopPrice, quota), default);
    }

    protected bool OfferEmailSent(Guid offerId) => File.Exists(Path.Combine(mail, $"waiting-list-offer-{offerId:N}.eml"));
}

/// <summary>With the default offer window (a day): an offer is held and taken up.</summary>
public abstract class WaitingListOfferSpecs() : WaitingListEndToEndSpecs("1.00:00:00")
{
    [Fact]
    public async Task when_the_quota_grows_then_the_first_in_line_is_offered_the_seat_by_email_and_takes_it_up_in_an_order()
    {
        var (ann, bob) = await SoldOutWithTwoInLineAsync();

        await GrowWorkshopQuotaAsync(2);

        var entry = await Journey.WaitForAsync(() => WaitingLists.FindEntryAsync(ann, default), e => e is { Status: WaitingListEntryStatus.Offered }, "Ann offered a seat");
        var offer = Assert.Single(entry!.Offers);
        Assert.Equal(1, offer.Seats);
        await Journey.WaitForAsync(() => Task.FromResult(OfferEmailSent(offer.OfferId)), sent => sent, "the offer email");
        Assert.Equal(1, (await WaitingLists.FindEntryAsync(bob, default))!.Place);
        await Journey.WaitForSeatTypesAsync(s => s.Single(t => t.Id == Journey.Workshop).AvailableQuantity == 0, "the offered seat held");

        // The offer's link opens an order with the offer's id.
        await Journey.Bus.SendAsync(new RegisterToConference(offer.OfferId, Journey.ConferenceId, [new SeatQuantity(Journey.Workshop, 1)]), default);

        await Journey.WaitForAsync(() => Journey.Orders.FindDraftOrderAsync(offer.OfferId, default), o => o is { State: DraftOrderState.ReservationCompleted }, "the order reserved with the offered seat");
        await Journey.WaitForAsync(() => WaitingLists.FindOfferAsync(offer.OfferId, default), o => o is { Status: WaitingListOfferStatus.Taken }, "the offer taken");
        Assert.Equal(WaitingListEntryStatus.Waiting, (await WaitingLists.FindEntryAsync(bob, default))!.Status);
    }
}

/// <summary>With a short offer window: an offer not taken up passes to the next in line.</summary>
public abstract class WaitingListOfferExpirySpecs() : WaitingListEndToEndSpecs("00:00:02")
{
    [Fact]
    public async Task when_an_offer_is_not_taken_up_in_time_then_the_seat_is_offered_to_the_next_in_line()
    {
        var (ann, bob) = await SoldOutWithTwoInLineAsync();

        await GrowWorkshopQuotaAsync(2);

        await Journey.WaitForAsync(() => WaitingLists.FindEntryAsync(ann, default), e => e is { Status: WaitingListEntryStatus.Expired }, "Ann's offer expired");
        var bobs = await Journey.WaitForAsync(() => WaitingLists.FindEntryAsync(bob, default), e => e is { Offers.Count: 1 }, "Bob offered the seat");
        Assert.Equal(1, bobs!.Offers[0].Seats);
    }
}

public sealed class SqliteWaitingListOfferSpecs : WaitingListOfferSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresWaitingListOfferSpecs : WaitingListOfferSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}

public sealed class SqliteWaitingListOfferExpirySpecs : WaitingListOfferExpirySpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresWaitingListOfferExpirySpecs : WaitingListOfferExpirySpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
