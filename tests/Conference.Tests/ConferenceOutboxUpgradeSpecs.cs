using Conference.Contracts;
using Conference.Contracts.Events;
using Conference.Database;
using Infrastructure.Messaging;
using Infrastructure.Serialization;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.Outbox;
using Infrastructure.Sql.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Registration.Contracts;

namespace Conference.Tests;

/// <summary>
/// A Conference Management database created before the shared outbox keeps working: what its outbox
/// held is still published as it would have been, and the table still takes one event per version.
/// </summary>
public abstract class ConferenceOutboxUpgradeSpecs : IAsyncLifetime
{
    private const string FirstMigration = "20261201000001_CreateConferenceManagement";
    private readonly JsonMessageSerializer serializer =
        new(RegistrationMessageTypes.Register(ConferenceMessageTypes.Register(new MessageTypeRegistry())));
    private ITestDatabase database = null!;

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync() => database = await CreateDatabaseAsync();

    public Task DisposeAsync() => database.DisposeAsync().AsTask();

    [Fact]
    public async Task given_a_seat_event_the_previous_outbox_left_when_the_database_is_migrated_then_the_sweeper_publishes_it_as_before()
    {
        var conferenceId = Guid.NewGuid();
        var seat = new SeatCreated(Guid.NewGuid(), 2, conferenceId, "General", "General admission", 199m, 100);
        var messageId = MessageIds.ForVersionedEvent("SeatCreated", seat.SourceId, seat.Version);
        await using (var context = NewContext())
        {
            await context.GetService<IMigrator>().MigrateAsync(FirstMigration);
            var (typeName, body) = serializer.Serialize(seat);
            await context.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"ConferenceManagement_Outbox\" (\"Id\", \"ConferenceId\", \"Version\", \"TypeName\", \"Body\", \"MessageId\", \"CreatedAt\") VALUES ({0}, {1}, 2, {2}, {3}, {4}, 1)",
                Guid.NewGuid(), conferenceId, typeName, body, messageId);
        }

        await MigrateAsync();
        var bus = new TestEventBus();
        Assert.Equal(1, await Sweeper(bus).PublishPendingAsync(default));

        var published = Assert.Single(bus.Published);
        Assert.Equal(seat, published.Body);
        // Partitioned by the conference, not by the seat type that is the event's source.
        Assert.Equal((messageId, conferenceId.ToString()), (published.MessageId, published.PartitionKey));
        Assert.Empty(await OutboxAsync());
    }

    [Fact]
    public async Task given_the_migrated_database_when_a_second_event_is_staged_for_a_conference_version_then_it_is_refused()
    {
        await MigrateAsync();
        var conferenceId = Guid.NewGuid();
        var outbox = new EventOutbox(new TestEventBus(), serializer, TimeProvider.System);
        await using (var context = NewContext())
        {
            outbox.Add(context, conferenceId, 1, [new ConferencePublished(conferenceId, 1)]);
            await context.SaveChangesAsync();
        }

        await using var racing = NewContext();
        outbox.Add(racing, conferenceId, 1, [new ConferenceUnpublished(conferenceId, 1)]);
        var ex = await Assert.ThrowsAsync<DbUpdateException>(() => racing.SaveChangesAsync());
        Assert.True(SqlDatabase.IsUniqueViolation(ex));
    }

    [Fact]
    public async Task given_the_migrated_database_then_the_outbox_table_has_exactly_the_mapped_columns()
    {
        await MigrateAsync();
        await using var context = NewContext();

        var (mapped, actual) = await TableColumns.ReadAsync(context, typeof(PendingEvent));

        Assert.Equal(mapped, actual);
    }

    [Fact]
    public async Task given_seat_types_created_before_positions_were_kept_when_the_database_is_migrated_then_they_keep_their_name_order()
    {
        var conferenceId = Guid.NewGuid();
        await using (var context = NewContext())
        {
            await context.GetService<IMigrator>().MigrateAsync("20261220000001_AdoptSharedEventOutbox");
            await context.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"ConferenceManagement_Conferences\" (\"Id\", \"Name\", \"Description\", \"Location\", \"Slug\", \"StartDate\", \"EndDate\", \"OwnerName\", \"OwnerEmail\", \"AccessCode\", \"IsPublished\", \"WasEverPublished\", \"Version\") VALUES ({0}, 'Summit', 'd', 'Redmond', {1}, {2}, {2}, 'Ana', 'ana@contoso.example', 'ABC234', FALSE, FALSE, 3)",
                conferenceId, "summit-" + conferenceId.ToString("N")[..8], DateTimeOffset.UnixEpoch);
            foreach (var name in new[] { "workshop", "General admission", "Cocktail party" })
            {
                await context.Database.ExecuteSqlRawAsync(
                    "INSERT INTO \"ConferenceManagement_SeatTypes\" (\"Id\", \"ConferenceId\", \"Name\", \"Description\", \"Price\", \"Quantity\") VALUES ({0}, {1}, {2}, 'd', 10, 5)",
                    Guid.NewGuid(), conferenceId, name);
            }
        }

        await MigrateAsync();

        await using var migrated = NewContext();
        var seats = await migrated.SeatTypes.AsNoTracking().Where(s => s.ConferenceId == conferenceId).ToListAsync();
        Assert.Equal(
            [("Cocktail party", 1), ("General admission", 2), ("workshop", 3)],
            seats.OrderBy(s => s.Position).Select(s => (s.Name, s.Position)));
    }

    private Task MigrateAsync() =>
        SqlMigrations.MigrateAsync<ConferenceDbContext>(database.Database, ConferenceDbContext.MigrationsHistoryTable, o => new ConferenceDbContext(o), default);

    private ConferenceDbContext NewContext() =>
        new(database.Database.CreateOptions<ConferenceDbContext>(ConferenceDbContext.MigrationsHistoryTable));

    private async Task<List<PendingEvent>> OutboxAsync()
    {
        await using var context = NewContext();
        return await context.Outbox.AsNoTracking().ToListAsync();
    }

    private EventOutboxSweeper<ConferenceDbContext> Sweeper(TestEventBus bus) => TestSweepers.Create(NewContext, bus, serializer);
}

public sealed class SqliteConferenceOutboxUpgradeSpecs : ConferenceOutboxUpgradeSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresConferenceOutboxUpgradeSpecs : ConferenceOutboxUpgradeSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
