using Infrastructure.Messaging;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.Projections;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace Infrastructure.Sql.Tests;

/// <summary>A read row used to specify the projection skeleton: a destination that keeps its own version, and a token.</summary>
public sealed class ParcelView
{
    public Guid Id { get; set; }

    public string? Destination { get; set; }

    public int DestinationVersion { get; set; }

    /// <summary>The highest parcel event version applied, for the in-sequence specs.</summary>
    public int Version { get; set; }

    public int Revision { get; set; }
}

public sealed record ParcelRegistered(string Destination) : VersionedEvent;

public sealed record ParcelRouted(string Destination) : VersionedEvent;

public sealed class ParcelDbContext(DbContextOptions<ParcelDbContext> options) : DbContext(options)
{
    public const string MigrationsHistoryTable = "__ParcelMigrations";

    public DbSet<ParcelView> Parcels => Set<ParcelView>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<ParcelView>(e =>
        {
            e.ToTable("Parcels");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Revision).IsConcurrencyToken();
        });
    }
}

[DbContext(typeof(ParcelDbContext))]
[Migration("20261122000002_CreateParcels")]
public sealed class CreateParcels : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "Parcels",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Destination = t.Column<string>(nullable: true),
                DestinationVersion = t.Column<int>(nullable: false),
                Version = t.Column<int>(nullable: false),
                Revision = t.Column<int>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_Parcels", x => x.Id));
}

/// <summary>
/// The skeleton every read-model generator projects through: an event for a row that is not there yet
/// is deferred, one already applied is skipped, a stale field group is not overwritten, and a save that
/// loses a race with another delivery becomes a concurrency conflict for the dispatcher to retry.
/// </summary>
public abstract class EfProjectionSpecs : IAsyncLifetime
{
    private static readonly ProjectionRow<ParcelView> Parcels = new("parcel", Stamp);
    private static readonly ProjectionRow<ParcelView> ParcelsInSequence = new("parcel", Stamp) { AppliedVersion = p => p.Version, InSequence = true };
    private readonly Guid parcelId = Guid.NewGuid();
    private ITestDatabase database = null!;

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        database = await CreateDatabaseAsync();
        await SqlMigrations.MigrateAsync<ParcelDbContext>(database.Database, ParcelDbContext.MigrationsHistoryTable, o => new ParcelDbContext(o), default);
    }

    public Task DisposeAsync() => database?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    [SkippableFact]
    public async Task given_no_row_when_an_update_arrives_then_it_is_deferred_and_nothing_is_stored()
    {
        var deferred = await Assert.ThrowsAsync<MessageDeferredException>(() => NewProjection().UpdateAsync(parcelId, Routed(2, "Oslo"), Route(Routed(2, "Oslo")), default));

        Assert.Equal(Projection.RetryEarlyEventAfter, deferred.RetryAfter);
        Assert.Null(await LoadAsync());
    }

    [SkippableFact]
    public async Task given_a_created_row_when_the_creating_event_arrives_again_then_it_is_skipped()
    {
        Assert.True(await RegisterAsync(Registered(1, "Lima")));

        Assert.False(await NewProjection().CreateAsync(parcelId, Registered(1, "Quito"), () => Parcel("Quito", 1), default));

        Assert.Equal(("Lima", 1), (await LoadAsync())?.Pick());
    }

    [SkippableFact]
    public async Task given_an_applied_event_when_it_is_delivered_again_then_it_is_skipped_and_the_row_is_not_written()
    {
        await RegisterAsync(Registered(1, "Lima"));
        Assert.True(await NewProjection().UpdateAsync(parcelId, Routed(3, "Oslo"), Route(Routed(3, "Oslo")), default));

        Assert.False(await NewProjection().UpdateAsync(parcelId, Routed(3, "Oslo"), Route(Routed(3, "Oslo")), default));

        var parcel = await LoadAsync();
        Assert.Equal(("Oslo", 2), (parcel?.Destination, parcel?.Revision));
    }

    [SkippableFact]
    public async Task given_a_newer_destination_when_a_stale_version_arrives_late_then_it_is_not_applied()
    {
        await RegisterAsync(Registered(1, "Lima"));
        await NewProjection().UpdateAsync(parcelId, Routed(5, "Oslo"), Route(Routed(5, "Oslo")), default);

        Assert.False(await NewProjection().UpdateAsync(parcelId, Routed(3, "Rome"), Route(Routed(3, "Rome")), default));

        Assert.Equal(("Oslo", 5), (await LoadAsync())?.Pick());
    }

    [SkippableFact]
    public async Task given_a_row_in_sequence_when_a_version_is_skipped_then_the_event_waits_for_it_and_older_ones_are_skipped()
    {
        var projection = NewProjection(ParcelsInSequence);
        await projection.CreateAsync(parcelId, Registered(1, "Lima"), () => Parcel("Lima", 1), default);

        await Assert.ThrowsAsync<MessageDeferredException>(() => projection.UpdateAsync(parcelId, Routed(3, "Rome"), Route(Routed(3, "Rome")), default));
        Assert.True(await projection.UpdateAsync(parcelId, Routed(2, "Oslo"), Route(Routed(2, "Oslo")), default));
        Assert.False(await projection.UpdateAsync(parcelId, Routed(2, "Oslo"), Route(Routed(2, "Oslo")), default));
        Assert.True(await projection.UpdateAsync(parcelId, Routed(3, "Rome"), Route(Routed(3, "Rome")), default));

        var parcel = await LoadAsync();
        Assert.Equal(("Rome", 3), (parcel?.Destination, parcel?.Version));
    }

    [SkippableFact]
    public async Task given_two_deliveries_creating_the_row_when_the_other_saves_first_then_the_loser_gets_a_concurrency_conflict()
    {
        var loser = NewProjection(beforeSave: () => RegisterAsync(Registered(1, "Lima")));

        await Assert.ThrowsAsync<ConcurrencyException>(() => loser.CreateAsync(parcelId, Registered(1, "Lima"), () => Parcel("Lima", 1), default));

        // Retried from fresh data, the event is found applied.
        Assert.False(await RegisterAsync(Registered(1, "Lima")));
        Assert.Equal(1, (await LoadAsync())?.Revision);
    }

    [SkippableFact]
    public async Task given_two_deliveries_updating_the_row_when_the_other_saves_first_then_the_loser_gets_a_concurrency_conflict_and_the_retry_applies()
    {
        await RegisterAsync(Registered(1, "Lima"));
        var loser = NewProjection(beforeSave: () => NewProjection().UpdateAsync(parcelId, Routed(3, "Oslo"), Route(Routed(3, "Oslo")), default));

        await Assert.ThrowsAsync<ConcurrencyException>(() => loser.UpdateAsync(parcelId, Routed(4, "Rome"), Route(Routed(4, "Rome")), default));
        Assert.Equal(("Oslo", 3), (await LoadAsync())?.Pick());

        Assert.True(await NewProjection().UpdateAsync(parcelId, Routed(4, "Rome"), Route(Routed(4, "Rome")), default));
        Assert.Equal(("Rome", 4), (await LoadAsync())?.Pick());
    }

    [SkippableFact]
    public async Task given_the_unit_of_work_context_when_its_save_loses_a_race_then_the_context_keeps_nothing_of_it()
    {
        await using var unitOfWork = NewContext(new BeforeFirstSave(() => RegisterAsync(Registered(1, "Lima"))));
        var projection = new EfProjection<ParcelDbContext, ParcelView>(unitOfWork, Parcels, NullLogger.Instance);

        await Assert.ThrowsAsync<ConcurrencyException>(() => projection.UpsertAsync(parcelId, Routed(2, "Oslo"), () => new ParcelView { Id = parcelId }, Route(Routed(2, "Oslo")), default));
        Assert.Empty(unitOfWork.ChangeTracker.Entries());

        Assert.True(await projection.UpsertAsync(parcelId, Routed(2, "Oslo"), () => new ParcelView { Id = parcelId }, Route(Routed(2, "Oslo")), default));
        Assert.Equal(("Oslo", 2), (await LoadAsync())?.Pick());
    }

    [SkippableFact]
    public async Task given_no_row_when_an_upserting_event_changes_nothing_then_no_row_is_stored()
    {
        Assert.False(await NewProjection().UpsertAsync(parcelId, Routed(2, "Oslo"), () => new ParcelView { Id = parcelId }, _ => false, default));

        Assert.Null(await LoadAsync());
    }

    private static void Stamp(ParcelView parcel, IVersionedEvent @event)
    {
        parcel.Version = Math.Max(parcel.Version, @event.Version);
        parcel.Revision++;
    }

    private ParcelRegistered Registered(int version, string destination) => new(destination) { SourceId = parcelId, Version = version };

    private ParcelRouted Routed(int version, string destination) => new(destination) { SourceId = parcelId, Version = version };

    private static Func<ParcelView, bool> Route(ParcelRouted routed) => parcel =>
        Projection.IfNewer(routed.Version, parcel.DestinationVersion, () => (parcel.Destination, parcel.DestinationVersion) = (routed.Destination, routed.Version));

    private ParcelView Parcel(string destination, int version) => new() { Id = parcelId, Destination = destination, DestinationVersion = version };

    private Task<bool> RegisterAsync(ParcelRegistered registered) =>
        NewProjection().CreateAsync(parcelId, registered, () => Parcel(registered.Destination, registered.Version), default);

    /// <summary>A projection whose contexts run <paramref name="beforeSave"/> (another delivery) once, just before their first save.</summary>
    private EfProjection<ParcelDbContext, ParcelView> NewProjection(ProjectionRow<ParcelView>? row = null, Func<Task>? beforeSave = null) =>
        new(new ContextFactory(this, beforeSave is null ? null : new BeforeFirstSave(beforeSave)), row ?? Parcels, NullLogger.Instance);

    private ParcelDbContext NewContext(IInterceptor? interceptor = null)
    {
        var options = database.Database.Configure(new DbContextOptionsBuilder<ParcelDbContext>(), ParcelDbContext.MigrationsHistoryTable);
        if (interceptor is not null)
        {
            options.AddInterceptors(interceptor);
        }

        return new((DbContextOptions<ParcelDbContext>)options.Options);
    }

    private async Task<ParcelView?> LoadAsync()
    {
        await using var context = NewContext();
        return await context.Parcels.AsNoTracking().FirstOrDefaultAsync(p => p.Id == parcelId);
    }

    private sealed class ContextFactory(EfProjectionSpecs specs, IInterceptor? interceptor) : IDbContextFactory<ParcelDbContext>
    {
        public ParcelDbContext CreateDbContext() => specs.NewContext(interceptor);
    }

    /// <summary>Lets another delivery save between this one's look at the row and its own save.</summary>
    private sealed class BeforeFirstSave(Func<Task> otherDelivery) : SaveChangesInterceptor
    {
        private bool done;

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (!done)
            {
                done = true;
                await otherDelivery();
            }

            return result;
        }
    }
}

internal static class ParcelViewExtensions
{
    public static (string? Destination, int DestinationVersion) Pick(this ParcelView parcel) => (parcel.Destination, parcel.DestinationVersion);
}

public sealed class SqliteEfProjectionSpecs : EfProjectionSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresEfProjectionSpecs : EfProjectionSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}

/// <summary>On SQL Server when CONFERENCE_TEST_SQLSERVER names one; reported skipped otherwise.</summary>
public sealed class SqlServerEfProjectionSpecs : EfProjectionSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqlServerTestDatabase.CreateAsync();
}
