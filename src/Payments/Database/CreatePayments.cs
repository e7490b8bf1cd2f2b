using Infrastructure.Sql.Outbox;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Payments.Database;

[DbContext(typeof(PaymentsDbContext))]
[Migration("20261122100000_CreatePayments")]
public sealed class CreatePayments : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreatePendingEventsTable(PaymentsDbContext.PendingEventsTable);
        migrationBuilder.CreateTable(
            name: PaymentsDbContext.PaymentsTable,
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                PaymentSourceId = t.Column<Guid>(nullable: false),
                ConferenceId = t.Column<Guid>(nullable: false),
                Description = t.Column<string>(nullable: false),
                TotalAmount = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
                State = t.Column<int>(nullable: false),
                ConcurrencyVersion = t.Column<int>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_ThirdPartyProcessorPayments", x => x.Id));
        migrationBuilder.CreateIndex("IX_ThirdPartyProcessorPayments_PaymentSourceId", PaymentsDbContext.PaymentsTable, "PaymentSourceId");
        migrationBuilder.CreateTable(
            name: PaymentsDbContext.ItemsTable,
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                PaymentId = t.Column<Guid>(nullable: false),
                Description = t.Column<string>(nullable: false),
                Amount = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_ThirdPartyProcessorPaymentItems", x => x.Id);
                t.ForeignKey("FK_ThirdPartyProcessorPaymentItems_Payment", x => x.PaymentId, PaymentsDbContext.PaymentsTable, "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_ThirdPartyProcessorPaymentItems_PaymentId", PaymentsDbContext.ItemsTable, "PaymentId");
    }
}
