using Infrastructure.Sql.Database;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.ReadModel.Implementation;

/// <summary>The read model's tables, written by hand (the EF design-time package is unavailable).</summary>
[DbContext(typeof(ConferenceRegistrationDbContext))]
[Migration("20261123000001_CreateConferenceRegistrationReadModel")]
public sealed class CreateConferenceRegistrationReadModel : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.UseWriteAheadLogOnSqlite();

        migrationBuilder.CreateTable(
            name: ReadModelTables.Conferences,
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Code = t.Column<string>(nullable: false),
                Name = t.Column<string>(nullable: false),
                Description = t.Column<string>(nullable: false),
                Location = t.Column<string>(nullable: false),
                Tagline = t.Column<string>(nullable: true),
                TwitterSearch = t.Column<string>(nullable: true),
                StartDate = t.Column<DateTimeOffset>(nullable: false),
                EndDate = t.Column<DateTimeOffset>(nullable: false),
                IsPublished = t.Column<bool>(nullable: false),
                WasEverPublished = t.Column<bool>(nullable: false),
                Version = t.Column<int>(nullable: false),
                SeatsAvailabilityVersion = t.Column<int>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{ReadModelTables.Conferences}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{ReadModelTables.Conferences}_Code", ReadModelTables.Conferences, "Code");

        migrationBuilder.CreateTable(
            name: ReadModelTables.SeatTypes,
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                ConferenceId = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(nullable: false),
                Description = t.Column<string>(nullable: false),
                Price = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
                Quantity = t.Column<int>(nullable: false),
                AvailableQuantity = t.Column<int>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey($"PK_{ReadModelTables.SeatTypes}", x => x.Id);
                t.ForeignKey($"FK_{ReadModelTables.SeatTypes}_{ReadModelTables.Conferences}_ConferenceId", x => x.ConferenceId, ReadModelTables.Conferences, "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex($"IX_{ReadModelTables.SeatTypes}_ConferenceId", ReadModelTables.SeatTypes, "ConferenceId");

        migrationBuilder.CreateTable(
            name: ReadModelTables.SeatsAvailabilityEventsApplied,
            columns: t => new
            {
                ConferenceId = t.Column<Guid>(nullable: false),
                Version = t.Column<int>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{ReadModelTables.SeatsAvailabilityEventsApplied}", x => new { x.ConferenceId, x.Version }));

        migrationBuilder.CreateTable(
            name: ReadModelTables.DraftOrders,
            columns: t => new
            {
                OrderId = t.Column<Guid>(nullable: false),
                ConferenceId = t.Column<Guid>(nullable: false),
                AccessCode = t.Column<string>(nullable: false),
                State = t.Column<int>(nullable: false),
                StateVersion = t.Column<int>(nullable: false),
                RequestedVersion = t.Column<int>(nullable: false),
                ReservedVersion = t.Column<int>(nullable: false),
                ReservationExpirationDate = t.Column<DateTimeOffset>(nullable: false),
                ExpirationVersion = t.Column<int>(nullable: false),
                RegistrantEmail = t.Column<string>(nullable: true),
                RegistrantEmailLookup = t.Column<string>(nullable: true),
                RegistrantVersion = t.Column<int>(nullable: false),
                OrderVersion = t.Column<int>(nullable: false),
                ConcurrencyStamp = t.Column<int>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{ReadModelTables.DraftOrders}", x => x.OrderId));
        migrationBuilder.CreateIndex(
            $"IX_{ReadModelTables.DraftOrders}_RegistrantEmailLookup_AccessCode", ReadModelTables.DraftOrders, ["RegistrantEmailLookup", "AccessCode"]);

        migrationBuilder.CreateTable(
            name: ReadModelTables.DraftOrderItems,
            columns: t => new
            {
                OrderId = t.Column<Guid>(nullable: false),
                SeatType = t.Column<Guid>(nullable: false),
                RequestedSeats = t.Column<int>(nullable: false),
                ReservedSeats = t.Column<int>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey($"PK_{ReadModelTables.DraftOrderItems}", x => new { x.OrderId, x.SeatType });
                t.ForeignKey($"FK_{ReadModelTables.DraftOrderItems}_{ReadModelTables.DraftOrders}_OrderId", x => x.OrderId, ReadModelTables.DraftOrders, "OrderId", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: ReadModelTables.PricedOrders,
            columns: t => new
            {
                OrderId = t.Column<Guid>(nullable: false),
                ConferenceId = t.Column<Guid>(nullable: false),
                Total = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
                IsFreeOfCharge = t.Column<bool>(nullable: false),
                TotalsVersion = t.Column<int>(nullable: false),
                ReservationExpirationDate = t.Column<DateTimeOffset>(nullable: true),
                ExpirationVersion = t.Column<int>(nullable: false),
                IsExpired = t.Column<bool>(nullable: false),
                AssignmentsId = t.Column<Guid>(nullable: true),
                OrderVersion = t.Column<int>(nullable: false),
                ConcurrencyStamp = t.Column<int>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{ReadModelTables.PricedOrders}", x => x.OrderId));

        migrationBuilder.CreateTable(
            name: ReadModelTables.PricedOrderLines,
            columns: t => new
            {
                OrderId = t.Column<Guid>(nullable: false),
                Position = t.Column<int>(nullable: false),
                SeatType = t.Column<Guid>(nullable: false),
                Description = t.Column<string>(nullable: false),
                UnitPrice = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
                Quantity = t.Column<int>(nullable: false),
                LineTotal = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey($"PK_{ReadModelTables.PricedOrderLines}", x => new { x.OrderId, x.Position });
                t.ForeignKey($"FK_{ReadModelTables.PricedOrderLines}_{ReadModelTables.PricedOrders}_OrderId", x => x.OrderId, ReadModelTables.PricedOrders, "OrderId", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: ReadModelTables.PricedOrderSeatTypes,
            columns: t => new
            {
                SeatTypeId = t.Column<Guid>(nullable: false),
                ConferenceId = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(nullable: false),
                Description = t.Column<string>(nullable: false),
                Version = t.Column<int>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{ReadModelTables.PricedOrderSeatTypes}", x => x.SeatTypeId));

        migrationBuilder.CreateTable(
            name: ReadModelTables.SeatAssignments,
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                OrderId = t.Column<Guid>(nullable: false),
                Version = t.Column<int>(nullable: false),
                Revision = t.Column<int>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{ReadModelTables.SeatAssignments}", x => x.Id));

        migrationBuilder.CreateTable(
            name: ReadModelTables.SeatAssignmentPositions,
            columns: t => new
            {
                AssignmentsId = t.Column<Guid>(nullable: false),
                Position = t.Column<int>(nullable: false),
                SeatType = t.Column<Guid>(nullable: false),
                AttendeeFirstName = t.Column<string>(nullable: true),
                AttendeeLastName = t.Column<string>(nullable: true),
                AttendeeEmail = t.Column<string>(nullable: true),
                Version = t.Column<int>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey($"PK_{ReadModelTables.SeatAssignmentPositions}", x => new { x.AssignmentsId, x.Position });
                t.ForeignKey($"FK_{ReadModelTables.SeatAssignmentPositions}_{ReadModelTables.SeatAssignments}_AssignmentsId", x => x.AssignmentsId, ReadModelTables.SeatAssignments, "Id", onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable(ReadModelTables.SeatAssignmentPositions);
        migrationBuilder.DropTable(ReadModelTables.SeatAssignments);
        migrationBuilder.DropTable(ReadModelTables.PricedOrderSeatTypes);
        migrationBuilder.DropTable(ReadModelTables.PricedOrderLines);
        migrationBuilder.DropTable(ReadModelTables.PricedOrders);
        migrationBuilder.DropTable(ReadModelTables.DraftOrderItems);
        migrationBuilder.DropTable(ReadModelTables.DraftOrders);
        migrationBuilder.DropTable(ReadModelTables.SeatsAvailabilityEventsApplied);
        migrationBuilder.DropTable(ReadModelTables.SeatTypes);
        migrationBuilder.DropTable(ReadModelTables.Conferences);
    }
}
