using Microsoft.EntityFrameworkCore;

namespace WaitingList.ReadModel;

/// <summary>The waiting lists as the sites read them; provider-neutral, schema from <see cref="CreateWaitingListReadModel"/>.</summary>
public sealed class WaitingListReadModelDbContext(DbContextOptions<WaitingListReadModelDbContext> options) : DbContext(options)
{
    /// <summary>Migrations history table of this context, so it can share a database with the other stores.</summary>
    public const string MigrationsHistoryTable = "__WaitingListReadModelMigrations";

    public const string ListsTable = "WaitingListsView";
    public const string EntriesTable = "WaitingListEntriesView";
    public const string OffersTable = "WaitingListOffersView";

    public DbSet<WaitingListView> Lists => Set<WaitingListView>();

    public DbSet<WaitingListEntryView> Entries => Set<WaitingListEntryView>();

    public DbSet<WaitingListOfferView> Offers => Set<WaitingListOfferView>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<WaitingListView>(e =>
        {
            e.ToTable(ListsTable);
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => x.ConferenceId);
            e.HasMany(x => x.Entries).WithOne().HasForeignKey(x => x.ListId);
            e.HasMany(x => x.Offers).WithOne().HasForeignKey(x => x.ListId);
        });
        modelBuilder.Entity<WaitingListEntryView>(e =>
        {
            e.ToTable(EntriesTable);
            e.HasKey(x => x.EntryId);
            e.Property(x => x.EntryId).ValueGeneratedNever();
            e.HasIndex(x => x.ListId);
        });
        modelBuilder.Entity<WaitingListOfferView>(e =>
        {
            e.ToTable(OffersTable);
            e.HasKey(x => x.OfferId);
            e.Property(x => x.OfferId).ValueGeneratedNever();
            e.HasIndex(x => x.ListId);
        });
    }
}
