using Microsoft.EntityFrameworkCore;

namespace Registration.ReadModel.Implementation;

/// <summary>
/// The Registration read database: the conference view with availability, draft and priced orders,
/// and the state behind the seat-assignments documents. Provider-neutral (Guid keys; the one
/// database-generated value is the sequence of the order change feed); the schema comes from the
/// hand-written migrations (<see cref="CreateConferenceRegistrationReadModel"/> and those after it).
/// <para>
/// Every save that adds, changes or removes a row of an order's read model (draft order, priced order,
/// its promotional codes, its seat assignments) also adds one <see cref="OrderChangeView"/> per order,
/// in the same transaction: the feed says exactly what was committed, and a save that loses its race
/// (and rolls back) records nothing. The public site follows the feed to tell waiting pages.
/// </para>
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

    public DbSet<OrderChangeView> OrderChanges => Set<OrderChangeView>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RecordOrderChanges();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RecordOrderChanges();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Records that something of <paramref name="orderId"/> outside these tables changed (the seat-assignments document), saved with the next save.</summary>
    public void RecordOrderChange(Guid orderId) =>
        OrderChanges.Add(new OrderChangeView { OrderId = orderId, RecordedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });

    /// <summary>One change line per order whose read model this save writes (none twice, should a failed save be tried again).</summary>
    private void RecordOrderChanges()
    {
        ChangeTracker.DetectChanges();
        var entries = ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        var recorded = entries.Select(e => e.Entity).OfType<OrderChangeView>().Where(c => c.Sequence == 0).Select(c => c.OrderId).ToHashSet();
        var assignments = entries.Select(e => e.Entity).OfType<SeatAssignmentsView>().ToDictionary(a => a.Id, a => a.OrderId);
        var orders = entries
            .Select(e => e.Entity switch
            {
                DraftOrderView o => o.OrderId,
                DraftOrderItemView l => l.OrderId,
                PricedOrderView o => o.OrderId,
                PricedOrderLineView l => l.OrderId,
                PricedOrderPromotionalCodesView c => c.OrderId,
                SeatAssignmentsView a => a.OrderId,
                SeatAssignmentView s => assignments.GetValueOrDefault(s.AssignmentsId),
                _ => Guid.Empty,
            })
            .Where(id => id != Guid.Empty && !recorded.Contains(id))
            .Distinct()
            .ToList();
        foreach (var orderId in orders)
        {
            RecordOrderChange(orderId);
        }
    }

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

        modelBuilder.Entity<OrderChangeView>(e =>
        {
            e.ToTable(ReadModelTables.OrderChanges);
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).ValueGeneratedOnAdd();
            e.HasIndex(x => new { x.OrderId, x.Sequence });
            e.HasIndex(x => x.RecordedAt);
        });

        modelBuilder.Entity<SeatAssignmentView>(e =>
        {
            e.ToTable(ReadModelTables.SeatAssignmentPositions);
            e.HasKey(x => new { x.AssignmentsId, x.Position });
        });
    }
}
