using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.ReadModel.Implementation;

/// <summary>
/// Seat types are listed in the order the business customer created them. Rows already in the view
/// get 0 and keep their name order; a rebuild of the view gives them their real positions.
/// </summary>
[DbContext(typeof(ConferenceRegistrationDbContext))]
[Migration("20261221000001_OrderSeatTypesAsCreated")]
public sealed class OrderSeatTypesAsCreated : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<int>("Position", ReadModelTables.SeatTypes, nullable: false, defaultValue: 0);
    }
}
