using System.Xml.Linq;
using Conference.Common;
using Conference.Common.Settings;
using Infrastructure.BlobStorage;
using Infrastructure.Messaging;
using Infrastructure.Sql.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Registration.Contracts;
using Registration.Contracts.Commands;
using Registration.Contracts.Events;
using WaitingList.Contracts.Commands;
using WaitingList.Contracts.Events;
using WaitingList.ReadModel;

namespace Conference.Processor.Tests;

/// <summary>
/// The processor as a real process, killed after the availability held the seats of a waiting-list offer
/// and before the offer's email went out, then started again: the seats stay held once for the offer and
/// exactly one email is sent. The email cannot go out because the mail pickup folder cannot be written (a
/// file stands where the folder should be), as on a full or misconfigured disk; the restarted processor
/// finds the folder again.
/// </summary>
public abstract class WaitingListCrashSpecs : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("conference-waiting-crash").FullName;
    private ITestDatabase database = null!;
    private Dictionary<string, string> environment = null!;
    private IHost client = null!;
    private ConferenceJourney journey = null!;

    private string Mail => Path.Combine(folder, "mail");

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        database = await CreateDatabaseAsync();
        environment = TestSettings.EnvironmentFor(database.Database, Mail);
        environment[ConferenceSettingsFile.Variable] = TestSettings.WriteWithShortLocks(folder);
        var settings = TestSettings.Read(environment);

        // What the sites run: Conference Management, the read models and the buses, but no handlers.
        var builder = Host.CreateApplicationBuilder();
        builder.Services
            .AddConferenceInfrastructure(settings)
            .AddSqlConferenceManagement(settings.Database)
            .AddSqlRegistrationReadModel(settings.Database)
            .AddSqlWaitingListReadModel(settings.Database);
        client = builder.Build();
        await client.StartAsync();
        journey = new ConferenceJourney(client.Services, TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        await client.StopAsync();
        client.Dispose();
        await database.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task given_seats_held_for_an_offer_when_the_processor_dies_before_the_offer_email_then_after_a_restart_one_email_is_sent_and_the_seats_stay_held_once()
    {
        var waitingLists = client.Services.GetRequiredService<IWaitingListDao>();
        var first = await ProcessorProcess.StartAsync(environment, folder);
        await journey.CreateAndPublishConferenceAsync(quota: 1);
        await journey.WaitForSeatTypesAsync(s => s.Count == 2 && s.All(t => t.AvailableQuantity == 1), "seat types");
        await journey.Bus.SendAsync(new RegisterToConference(Guid.NewGuid(), journey.ConferenceId, [new SeatQuantity(journey.Workshop, 1)]), default);
        await journey.WaitForSeatTypesAsync(s => s.Single(t => t.Id == journey.Workshop).AvailableQuantity == 0, "the workshop sold out");
        var ann = Guid.NewGuid();
        await journey.Bus.SendAsync(new JoinWaitingList(journey.ConferenceId, journey.Workshop, ann, "Ann", "ann@example.com", 1), default);
        await journey.WaitForAsync(() => Task.FromResult(File.Exists(Path.Combine(Mail, $"waiting-list-joined-{ann:N}.eml"))), sent => sent, "Ann's email with her place");

        // From now on no email can be written: a file stands where the pickup folder was.
        Directory.Move(Mail, Mail + ".sent");
        await File.WriteAllTextAsync(Mail, "not a folder");
        await GrowWorkshopQuotaAsync(2);
        var offered = await journey.WaitForAsync(() => waitingLists.FindEntryAsync(ann, default), e => e is { Status: WaitingListEntryStatus.Offered }, "Ann offered the seat that came back");
        var offer = Assert.Single(offered!.Offers);
        await journey.WaitForSeatTypesAsync(s => s.Single(t => t.Id == journey.Workshop).AvailableQuantity == 0, "the seat held for the offer");
        await first.KillAsync();
        var firstOutput = first.Output;
        await first.DisposeAsync();

        // The crash came between the two: the seats are held, the email is not sent.
        Assert.Equal(1, CountOffered(await journey.EventsAsync("SeatsAvailability", journey.ConferenceId), offer.OfferId));
        Assert.Null(await Blobs.FindAsync($"mail/waiting-list-offer-{offer.OfferId:N}", default));
        Assert.DoesNotContain($"waiting-list-offer-{offer.OfferId:N} sent", firstOutput, StringComparison.Ordinal);

        File.Delete(Mail);
        Directory.Move(Mail + ".sent", Mail);
        await using var second = await ProcessorProcess.StartAsync(environment, folder);

        var email = Path.Combine(Mail, $"waiting-list-offer-{offer.OfferId:N}.eml");
        await journey.WaitForAsync(() => Task.FromResult(File.Exists(email)), sent => sent, "the offer email after the restart");
        Assert.Contains("1 seat(s) are held for you", await File.ReadAllTextAsync(email), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Mail, "waiting-list-offer-*.eml"));
        Assert.NotNull(await Blobs.FindAsync($"mail/waiting-list-offer-{offer.OfferId:N}", default));

        // The restarted processor sent it once (its log says so once), and nothing was offered twice.
        await journey.WaitForAsync(() => Task.FromResult(second.Output), o => o.Contains($"waiting-list-offer-{offer.OfferId:N} sent", StringComparison.Ordinal), "the processor's log of the email");
        Assert.Equal(1, Occurrences(second.Output, $"Waiting-list email waiting-list-offer-{offer.OfferId:N} sent"));
        var availability = await journey.EventsAsync("SeatsAvailability", journey.ConferenceId);
        Assert.Equal(1, CountOffered(availability, offer.OfferId));
        Assert.Equal(1, ConferenceJourney.CountOf<WaitingListOfferMade>(await journey.EventsAsync("SeatTypeWaitingList", WaitingList.Contracts.WaitingListIds.For(journey.ConferenceId, journey.Workshop))));
        var entry = await waitingLists.FindEntryAsync(ann, default);
        Assert.Equal(WaitingListEntryStatus.Offered, entry!.Status);
        Assert.Equal(1, Assert.Single(entry.Offers).Seats);
        var seatTypes = await journey.WaitForSeatTypesAsync(s => s.Single(t => t.Id == journey.Workshop).AvailableQuantity <= 0, "the workshop's seat still held");
        Assert.Equal(0, seatTypes.Single(t => t.Id == journey.Workshop).AvailableQuantity);
    }

    private IBlobStorage Blobs => client.Services.GetRequiredService<IBlobStorage>();

    private static int CountOffered(IEnumerable<object> events, Guid offerId) =>
        events.OfType<SeatsOffered>().Count(e => e.OfferId == offerId && e.Quantity > 0);

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private async Task GrowWorkshopQuotaAsync(int quota)
    {
        await using var scope = client.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ConferenceService>().UpdateSeatAsync(journey.ConferenceId, journey.Workshop, new SeatTypeDetails("Workshop", "Hands on", ConferenceJourney.WorkshopPrice, quota), default);
    }
}

public sealed class SqliteWaitingListCrashSpecs : WaitingListCrashSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}
