using Infrastructure.Sql.Outbox;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Payments.Database;

/// <summary>The pending-events table takes the shape every outbox of the CRUD stores shares; the rows left in it are kept.</summary>
[DbContext(typeof(PaymentsDbContext))]
[Migration("20261220000001_AdoptSharedEventOutbox")]
public sealed class AdoptSharedEventOutbox : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.UpgradePendingEventsTable(PaymentsDbContext.PendingEventsTable);
    }
}
