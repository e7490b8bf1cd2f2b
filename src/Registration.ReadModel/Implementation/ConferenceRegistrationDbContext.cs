using Microsoft.EntityFrameworkCore;

namespace Registration.ReadModel.Implementation;

/// <summary>
/// The Registration read database: the conference view with availability, draft and priced orders,
/// and the state behind the seat-assignments documents. Provider-neutral (Guid keys, no
/// database-generated values); the schema comes from the hand-written <see cref="CreateConferenceRegistrationReadModel"/>.
/// </summary>
public sealed class ConferenceRegistrationDbContext(DbContextOptions<ConferenceRegistrationDbContext> options) : DbContext(options)
{
    /// <summary>Migrations history table of this context, so it can share a database with the other stores.</summary>
    public const string MigrationsHistoryTable = "__ConferenceRegistrationMigrations";

    public DbSet<ConferenceView> Conferences => Set<ConferenceView>();

    public DbSet<SeatTypeView> SeatTypes => Set<SeatTypeView>();

    public DbSet<SeatsAvailabilityEventApplied> SeatsAvailabilityEventsApplied => Set<SeatsAvailabilityEventApplied>();

    public DbSet<DraftOrderView> DraftOrders => Set<DraftOrderView>();

    public DbSet<PricedOrderView> PricedOrders => Set<PricedOrderView>();

    public DbSet<PricedOrderSeatTypeView> PricedOrderSeatTypes => Set<PricedOrderSeatTypeView>();

    public DbSet<SeatAssignmentsView> SeatAssignments => Set<SeatAssignmentsView>();

    public DbSet<PromotionalCodeView> PromotionalCodes => Set<PromotionalCodeView>();

    public DbSet<PricedOrderPromotionalCodesView> PricedOrderPromotionalCodes => Set<PricedOrderPromotionalCodesView>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<PromotionalCodeView>(e =>
        {
            e.ToTable(ReadModelTables.PromotionalCodes);
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Property(x => x.Amount).HasPrecision(18, 2);
            e.Property(x => x.Kind).HasConversion<int>();
            e.Property(x => x.Combining).HasConversion<int>();
            e.HasIndex(x => x.ConferenceId);
        });

        modelBuilder.Entity<PricedOrderPromotionalCodesView>(e =>
        {
            e.ToTable(ReadModelTables.PricedOrderPromotionalCodes);
            e.HasKey(x => x.OrderId);
            e.Property(x => x.OrderId).ValueGeneratedNever();
            e.Property(x => x.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<ConferenceView>(e =>
        {
            e.ToTable(ReadModelTables.Conferences);
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => x.Code);
            e.HasMany(x => x.SeatTypes).WithOne().HasForeignKey(x => x.ConferenceId);
        });

        modelBuilder.Entity<SeatTypeView>(e =>
        {
            e.ToTable(ReadModelTables.SeatTypes);
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Price).HasPrecision(18, 2);
            e.HasIndex(x => x.ConferenceId);
        });

        modelBuilder.Entity<SeatsAvailabilityEventApplied>(e =>
        {
            e.ToTable(ReadModelTables.SeatsAvailabilityEventsApplied);
            e.HasKey(x => new { x.ConferenceId, x.Version });
        });

        modelBuilder.Entity<DraftOrderView>(e =>
        {
            e.ToTable(ReadModelTables.DraftOrders);
            e.HasKey(x => x.OrderId);
            e.Property(x => x.OrderId).ValueGeneratedNever();
            e.Property(x => x.State).HasConversion<int>();
            e.Property(x => x.ConcurrencyStamp).IsConcurrencyToken();
            e.HasIndex(x => new { x.RegistrantEmailLookup, x.AccessCode });
            e.HasMany(x => x.Lines).WithOne().HasForeignKey(x => x.OrderId);
        });

        modelBuilder.Entity<DraftOrderItemView>(e =>
        {
            e.ToTable(ReadModelTables.DraftOrderItems);
            e.HasKey(x => new { x.OrderId, x.SeatType });
        });

        modelBuilder.Entity<PricedOrderView>(e =>
        {
            e.ToTable(ReadModelTables.PricedOrders);
            e.HasKey(x => x.OrderId);
            e.Property(x => x.OrderId).ValueGeneratedNever();
            e.Property(x => x.Total).HasPrecision(18, 2);
            e.Property(x => x.ConcurrencyStamp).IsConcurrencyToken();
            e.HasMany(x => x.Lines).WithOne().HasForeignKey(x => x.OrderId);
        });

        modelBuilder.Entity<PricedOrderLineView>(e =>
        {
            e.ToTable(ReadModelTables.PricedOrderLines);
            e.HasKey(x => new { x.OrderId, x.Position });
            e.Property(x => x.UnitPrice).HasPrecision(18, 2);
            e.Property(x => x.LineTotal).HasPrecision(18, 2);
        });

        modelBuilder.Entity<PricedOrderSeatTypeView>(e =>
        {
            e.ToTable(ReadModelTables.PricedOrderSeatTypes);
            e.HasKey(x => x.SeatTypeId);
            e.Property(x => x.SeatTypeId).ValueGeneratedNever();
            e.Property(x => x.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<SeatAssignmentsView>(e =>
        {
            e.ToTable(ReadModelTables.SeatAssignments);
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasMany(x => x.Seats).WithOne().HasForeignKey(x => x.AssignmentsId);
        });

        modelBuilder.Entity<SeatAssignmentView>(e =>
        {
            e.ToTable(ReadModelTables.SeatAssignmentPositions);
            e.HasKey(x => new { x.AssignmentsId, x.Position });
        });
    }
}
