using Infrastructure.Processes;
using Infrastructure.Sql.Processes;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.Process.Migrations;

[DbContext(typeof(RegistrationProcessManagerDbContext))]
[Migration("20261122100000_CreateRegistrationProcess")]
public sealed class CreateRegistrationProcess : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateUndispatchedMessagesTable();
        migrationBuilder.CreateTable(
            name: RegistrationProcessManagerDbContext.TableName,
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                State = t.Column<int>(nullable: false),
                Completed = t.Column<bool>(nullable: false),
                ConferenceId = t.Column<Guid>(nullable: false),
                OrderId = t.Column<Guid>(nullable: false),
                ReservationId = t.Column<Guid>(nullable: false),
                ReservationAutoExpiration = t.Column<DateTimeOffset>(nullable: true),
                SeatReservationCommandId = t.Column<Guid>(nullable: false),
                ExpirationCommandId = t.Column<Guid>(nullable: false),
                ConcurrencyVersion = t.Column<int>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_RegistrationProcess", x => x.Id));
        migrationBuilder.CreateIndex("IX_RegistrationProcess_OrderId", RegistrationProcessManagerDbContext.TableName, "OrderId");
        migrationBuilder.CreateIndex("IX_RegistrationProcess_ReservationId", RegistrationProcessManagerDbContext.TableName, "ReservationId");
    }
}
