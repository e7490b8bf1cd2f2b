using Conference.Common;
using Infrastructure.Sql.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Registration.Contracts.Events;

namespace Conference.Processor.Tests;

/// <summary>
/// The whole system in one process on the real SQL transport and stores: a business customer publishes
/// a conference, a registrant buys and pays, and every context ends up agreeing.
/// </summary>
public abstract class EndToEndSpecs : IAsyncLifetime
{
    private readonly string mail = Directory.CreateTempSubdirectory("conference-mail").FullName;
    private ITestDatabase database = null!;
    private IHost host = null!;
    private ConferenceJourney journey = null!;

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        database = await CreateDatabaseAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddConferenceProcessor(TestSettings.For(database.Database, mail));
        host = builder.Build();
        await host.StartAsync();
        journey = new ConferenceJourney(host.Services, TimeSpan.FromSeconds(45));
    }

    public async Task DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        await database.DisposeAsync();
        Directory.Delete(mail, recursive: true);
    }

    [Fact]
    public async Task when_a_published_conference_sells_an_order_then_every_context_agrees_on_the_outcome()
    {
        await journey.CreateAndPublishConferenceAsync(quota: 10);
        await journey.WaitForSeatTypesAsync(s => s.Count == 2 && s.All(t => t.AvailableQuantity == 10), "seat types with availability in the registration read model");

        var orderId = await journey.RegisterAndPayAsync("rita@example.com");

        var seatTypes = await journey.WaitForSeatTypesAsync(s => s.All(t => t.AvailableQuantity == 9), "availability reduced");
        Assert.All(seatTypes, t => Assert.Equal(10, t.Quantity));
        var managed = await journey.WaitForManagedOrdersAsync(
            o => o.SingleOrDefault() is { Status: OrderStatus.Confirmed } order && order.Seats.Any(s => s.AttendeeEmail == "ada.rita@example.com"),
            "the order and its attendee in Conference Management");
        Assert.Equal("rita@example.com", managed.Single().RegistrantEmail);
        Assert.Equal(249m, managed.Single().TotalAmount);
        Assert.Equal(1, ConferenceJourney.CountOf<SeatsReservationCommitted>(await journey.EventsAsync("SeatsAvailability", journey.ConferenceId)));
        Assert.Equal(1, ConferenceJourney.CountOf<OrderConfirmed>(await journey.EventsAsync("Order", orderId)));
    }

    [Fact]
    public async Task when_a_seat_quota_changes_after_publishing_then_registration_availability_follows()
    {
        await journey.CreateAndPublishConferenceAsync(quota: 10);
        await journey.WaitForSeatTypesAsync(s => s.Count == 2 && s.All(t => t.AvailableQuantity == 10), "seat types");

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var management = scope.ServiceProvider.GetRequiredService<ConferenceService>();
            await management.UpdateSeatAsync(journey.ConferenceId, journey.Workshop, new SeatTypeDetails("Workshop", "Hands on", 50m, 4), default);
            await management.UpdateSeatAsync(journey.ConferenceId, journey.FullPass, new SeatTypeDetails("Full pass", "Both days", 199m, 25), default);
        }

        var seatTypes = await journey.WaitForSeatTypesAsync(
            s => s.Single(t => t.Id == journey.Workshop).AvailableQuantity == 4 && s.Single(t => t.Id == journey.FullPass).AvailableQuantity == 25,
            "availability after the quota changes");
        Assert.Equal(4, seatTypes.Single(t => t.Id == journey.Workshop).Quantity);
    }
}

public sealed class SqliteEndToEndSpecs : EndToEndSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresEndToEndSpecs : EndToEndSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
