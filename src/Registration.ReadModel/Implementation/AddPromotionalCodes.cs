using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.ReadModel.Implementation;

/// <summary>The promotional codes Registration prices with, and the codes of each priced order.</summary>
[DbContext(typeof(ConferenceRegistrationDbContext))]
[Migration("20261202000001_AddPromotionalCodes")]
public sealed class AddPromotionalCodes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateTable(
            name: ReadModelTables.PromotionalCodes,
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                ConferenceId = t.Column<Guid>(nullable: false),
                Code = t.Column<string>(nullable: false),
                Kind = t.Column<int>(nullable: false),
                Amount = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
                SeatTypes = t.Column<string>(nullable: false),
                Quota = t.Column<int>(nullable: true),
                Combining = t.Column<int>(nullable: false),
                ValidUntil = t.Column<DateTimeOffset>(nullable: true),
                UsesLeft = t.Column<int>(nullable: true),
                Version = t.Column<int>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{ReadModelTables.PromotionalCodes}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{ReadModelTables.PromotionalCodes}_ConferenceId", ReadModelTables.PromotionalCodes, "ConferenceId");

        migrationBuilder.CreateTable(
            name: ReadModelTables.PricedOrderPromotionalCodes,
            columns: t => new
            {
                OrderId = t.Column<Guid>(nullable: false),
                Codes = t.Column<string>(nullable: false),
                Version = t.Column<int>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{ReadModelTables.PricedOrderPromotionalCodes}", x => x.OrderId));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable(ReadModelTables.PricedOrderPromotionalCodes);
        migrationBuilder.DropTable(ReadModelTables.PromotionalCodes);
    }
}
