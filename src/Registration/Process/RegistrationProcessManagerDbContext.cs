using Infrastructure.Processes;
using Infrastructure.Sql.Processes;
using Microsoft.EntityFrameworkCore;

namespace Registration.Process;

/// <summary>Registration processes and their outbox; provider-neutral (the host picks SQLite or PostgreSQL).</summary>
public sealed class RegistrationProcessManagerDbContext(DbContextOptions<RegistrationProcessManagerDbContext> options) : ProcessManagerDbContext(options)
{
    public const string MigrationsHistoryTable = "__RegistrationProcessMigrations";
    public const string TableName = "RegistrationProcess";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        MapProcessManager<RegistrationProcessManager>(modelBuilder, TableName);
        modelBuilder.Entity<RegistrationProcessManager>(e =>
        {
            e.Property(p => p.State).HasConversion<int>();

            // The router finds a process by its order (events of Order) or its reservation (events of SeatsAvailability).
            e.HasIndex(p => p.OrderId);
            e.HasIndex(p => p.ReservationId);
        });
    }
}
