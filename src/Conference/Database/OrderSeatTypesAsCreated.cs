using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Conference.Database;

/// <summary>
/// Seat types keep the order they were created in. Existing rows are numbered by name, the order
/// they were shown in until now, so nothing moves for a business customer who upgrades.
/// </summary>
[DbContext(typeof(ConferenceDbContext))]
[Migration("20261221000001_OrderSeatTypesAsCreated")]
public sealed class OrderSeatTypesAsCreated : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        const string table = ConferenceDbContext.SeatTypesTable;
        migrationBuilder.AddColumn<int>("Position", table, nullable: false, defaultValue: 0);
        migrationBuilder.Sql($"""
            UPDATE "{table}" SET "Position" = (
                SELECT COUNT(*) FROM "{table}" AS other
                WHERE other."ConferenceId" = "{table}"."ConferenceId"
                  AND (LOWER(other."Name") < LOWER("{table}"."Name") OR (LOWER(other."Name") = LOWER("{table}"."Name") AND other."Id" <= "{table}"."Id")))
            """);
    }
}
