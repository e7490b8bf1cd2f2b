using Infrastructure.Sql.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Conference.Database;

/// <summary>
/// Conference Management's tables. Provider-neutral (Guid keys, no provider types), so the hosts can
/// put it on SQLite or PostgreSQL; tables are prefixed because every store may share one database.
/// </summary>
public sealed class ConferenceDbContext(DbContextOptions<ConferenceDbContext> options) : DbContext(options)
{
    public const string MigrationsHistoryTable = "__ConferenceManagementMigrations";

    internal const string ConferencesTable = "ConferenceManagement_Conferences";
    internal const string SeatTypesTable = "ConferenceManagement_SeatTypes";
    internal const string OrdersTable = "ConferenceManagement_Orders";
    internal const string OrderSeatsTable = "ConferenceManagement_OrderSeats";
    internal const string OutboxTable = "ConferenceManagement_Outbox";

    public DbSet<ConferenceInfo> Conferences => Set<ConferenceInfo>();

    public DbSet<SeatType> SeatTypes => Set<SeatType>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderSeat> OrderSeats => Set<OrderSeat>();

    /// <summary>Integration events not yet published; their source is the conference, seat-type events included.</summary>
    public DbSet<PendingEvent> Outbox => Set<PendingEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<ConferenceInfo>(e =>
        {
            e.ToTable(ConferencesTable);
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Name).HasMaxLength(ConferenceInfo.NameMaxLength);
            e.Property(x => x.Location).HasMaxLength(ConferenceInfo.LocationMaxLength);
            e.Property(x => x.Tagline).HasMaxLength(ConferenceInfo.TaglineMaxLength);
            e.Property(x => x.TwitterSearch).HasMaxLength(ConferenceInfo.TwitterSearchMaxLength);
            e.Property(x => x.Slug).HasMaxLength(ConferenceInfo.SlugMaxLength);
            e.Property(x => x.AccessCode).HasMaxLength(ConferenceAccessCode.Length);
            e.Property(x => x.OwnerName).HasMaxLength(ConferenceInfo.OwnerNameMaxLength);
            e.Property(x => x.OwnerEmail).HasMaxLength(ConferenceInfo.OwnerEmailMaxLength);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Ignore(x => x.Details);
            e.HasIndex(x => x.Slug).IsUnique();
            e.HasIndex(x => x.AccessCode);
        });

        modelBuilder.Entity<SeatType>(e =>
        {
            e.ToTable(SeatTypesTable);
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Name).HasMaxLength(SeatType.NameMaxLength);
            e.Property(x => x.Description).HasMaxLength(SeatType.DescriptionMaxLength);
            e.Property(x => x.Price).HasPrecision(18, 2);
            e.Ignore(x => x.Details);
            e.HasOne<ConferenceInfo>().WithMany().HasForeignKey(x => x.ConferenceId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.ConferenceId);
        });

        modelBuilder.Entity<Order>(e =>
        {
            e.ToTable(OrdersTable);
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            // Text from Registration has no length limit here: a long name must not make its events unprocessable.
            e.Property(x => x.TotalAmount).HasPrecision(18, 2);
            e.Property(x => x.ConcurrencyVersion).IsConcurrencyToken();
            // No foreign key to the conference: the row may exist before OrderPlaced names it.
            e.HasIndex(x => x.ConferenceId);
            e.HasMany(x => x.Seats).WithOne().HasForeignKey(x => x.OrderId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<OrderSeat>(e =>
        {
            e.ToTable(OrderSeatsTable);
            e.HasKey(x => new { x.OrderId, x.Position });
            e.Property(x => x.Position).ValueGeneratedNever();
            e.Property(x => x.SeatTypeName).HasMaxLength(SeatType.NameMaxLength);
        });

        modelBuilder.MapPendingEvents(OutboxTable);
        modelBuilder.Entity<PendingEvent>(e =>
        {
            // The lengths this table was created with.
            e.Property(x => x.TypeName).HasMaxLength(128);
            e.Property(x => x.MessageId).HasMaxLength(200);
            // One event per conference version: a second writer of the same version is a bug, not a retry.
            e.HasIndex(x => new { x.SourceId, x.Version }).IsUnique();
        });
    }
}
