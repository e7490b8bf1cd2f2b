using Infrastructure.Sql.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Payments.Database;

/// <summary>Third-party processor payments and their pending events; provider-neutral (the host picks SQLite or PostgreSQL).</summary>
public sealed class PaymentsDbContext(DbContextOptions<PaymentsDbContext> options) : DbContext(options)
{
    public const string MigrationsHistoryTable = "__PaymentsMigrations";
    public const string PaymentsTable = "ThirdPartyProcessorPayments";
    public const string ItemsTable = "ThirdPartyProcessorPaymentItems";
    public const string PendingEventsTable = "PaymentPendingEvents";

    public DbSet<ThirdPartyProcessorPayment> Payments => Set<ThirdPartyProcessorPayment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.MapPendingEvents(PendingEventsTable);
        modelBuilder.Entity<ThirdPartyProcessorPayment>(e =>
        {
            e.ToTable(PaymentsTable);
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).ValueGeneratedNever();
            e.Property(p => p.State).HasConversion<int>();
            e.Property(p => p.TotalAmount).HasPrecision(18, 2);
            e.Ignore(p => p.Events);
            e.HasIndex(p => p.PaymentSourceId);

            // Optimistic concurrency: two deliveries of Complete and Cancel must not both win.
            e.Property<int>("ConcurrencyVersion").IsConcurrencyToken();
            e.HasMany(p => p.Items).WithOne().HasForeignKey("PaymentId").OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ThirdPartyProcessorPaymentItem>(e =>
        {
            e.ToTable(ItemsTable);
            e.HasKey(i => i.Id);
            e.Property(i => i.Id).ValueGeneratedNever();
            e.Property(i => i.Amount).HasPrecision(18, 2);
        });
    }
}
