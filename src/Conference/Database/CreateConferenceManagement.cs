using Infrastructure.Sql.Database;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Conference.Database;

/// <summary>Hand-written (the EF design-time package is unavailable); column types are left to the provider.</summary>
[DbContext(typeof(ConferenceDbContext))]
[Migration("20261201000001_CreateConferenceManagement")]
public sealed class CreateConferenceManagement : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.UseWriteAheadLogOnSqlite();

        migrationBuilder.CreateTable(
            name: ConferenceDbContext.ConferencesTable,
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: ConferenceInfo.NameMaxLength, nullable: false),
                Description = t.Column<string>(nullable: false),
                Location = t.Column<string>(maxLength: ConferenceInfo.LocationMaxLength, nullable: false),
                Tagline = t.Column<string>(maxLength: ConferenceInfo.TaglineMaxLength, nullable: true),
                TwitterSearch = t.Column<string>(maxLength: ConferenceInfo.TwitterSearchMaxLength, nullable: true),
                StartDate = t.Column<DateTimeOffset>(nullable: false),
                EndDate = t.Column<DateTimeOffset>(nullable: false),
                Slug = t.Column<string>(maxLength: ConferenceInfo.SlugMaxLength, nullable: false),
                AccessCode = t.Column<string>(maxLength: ConferenceAccessCode.Length, nullable: false),
                OwnerName = t.Column<string>(maxLength: ConferenceInfo.OwnerNameMaxLength, nullable: false),
                OwnerEmail = t.Column<string>(maxLength: ConferenceInfo.OwnerEmailMaxLength, nullable: false),
                IsPublished = t.Column<bool>(nullable: false),
                WasEverPublished = t.Column<bool>(nullable: false),
                Version = t.Column<int>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{ConferenceDbContext.ConferencesTable}", x => x.Id));
        migrationBuilder.CreateIndex(
            name: $"IX_{ConferenceDbContext.ConferencesTable}_Slug",
            table: ConferenceDbContext.ConferencesTable,
            column: "Slug",
            unique: true);
        migrationBuilder.CreateIndex(
            name: $"IX_{ConferenceDbContext.ConferencesTable}_AccessCode",
            table: ConferenceDbContext.ConferencesTable,
            column: "AccessCode");

        migrationBuilder.CreateTable(
            name: ConferenceDbContext.SeatTypesTable,
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                ConferenceId = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: SeatType.NameMaxLength, nullable: false),
                Description = t.Column<string>(maxLength: SeatType.DescriptionMaxLength, nullable: false),
                Price = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
                Quantity = t.Column<int>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey($"PK_{ConferenceDbContext.SeatTypesTable}", x => x.Id);
                t.ForeignKey(
                    $"FK_{ConferenceDbContext.SeatTypesTable}_Conferences_ConferenceId",
                    x => x.ConferenceId,
                    ConferenceDbContext.ConferencesTable,
                    "Id",
                    onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(
            name: $"IX_{ConferenceDbContext.SeatTypesTable}_ConferenceId",
            table: ConferenceDbContext.SeatTypesTable,
            column: "ConferenceId");

        migrationBuilder.CreateTable(
            name: ConferenceDbContext.OrdersTable,
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                ConferenceId = t.Column<Guid>(nullable: true),
                AccessCode = t.Column<string>(nullable: true),
                RegistrantFirstName = t.Column<string>(nullable: true),
                RegistrantLastName = t.Column<string>(nullable: true),
                RegistrantEmail = t.Column<string>(nullable: true),
                TotalAmount = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
                Status = t.Column<int>(nullable: false),
                RegistrantVersion = t.Column<int>(nullable: false),
                TotalsVersion = t.Column<int>(nullable: false),
                StatusVersion = t.Column<int>(nullable: false),
                ConcurrencyVersion = t.Column<int>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{ConferenceDbContext.OrdersTable}", x => x.Id));
        migrationBuilder.CreateIndex(
            name: $"IX_{ConferenceDbContext.OrdersTable}_ConferenceId",
            table: ConferenceDbContext.OrdersTable,
            column: "ConferenceId");

        migrationBuilder.CreateTable(
            name: ConferenceDbContext.OrderSeatsTable,
            columns: t => new
            {
                OrderId = t.Column<Guid>(nullable: false),
                Position = t.Column<int>(nullable: false),
                SeatTypeId = t.Column<Guid>(nullable: true),
                SeatTypeName = t.Column<string>(maxLength: SeatType.NameMaxLength, nullable: true),
                AttendeeFirstName = t.Column<string>(nullable: true),
                AttendeeLastName = t.Column<string>(nullable: true),
                AttendeeEmail = t.Column<string>(nullable: true),
                AttendeeVersion = t.Column<int>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey($"PK_{ConferenceDbContext.OrderSeatsTable}", x => new { x.OrderId, x.Position });
                t.ForeignKey(
                    $"FK_{ConferenceDbContext.OrderSeatsTable}_Orders_OrderId",
                    x => x.OrderId,
                    ConferenceDbContext.OrdersTable,
                    "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: ConferenceDbContext.OutboxTable,
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                ConferenceId = t.Column<Guid>(nullable: false),
                Version = t.Column<int>(nullable: false),
                TypeName = t.Column<string>(maxLength: 128, nullable: false),
                Body = t.Column<string>(nullable: false),
                MessageId = t.Column<string>(maxLength: 200, nullable: false),
                CreatedAt = t.Column<long>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{ConferenceDbContext.OutboxTable}", x => x.Id));
        migrationBuilder.CreateIndex(
            name: $"IX_{ConferenceDbContext.OutboxTable}_ConferenceId_Version",
            table: ConferenceDbContext.OutboxTable,
            columns: ["ConferenceId", "Version"],
            unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable(ConferenceDbContext.OutboxTable);
        migrationBuilder.DropTable(ConferenceDbContext.OrderSeatsTable);
        migrationBuilder.DropTable(ConferenceDbContext.OrdersTable);
        migrationBuilder.DropTable(ConferenceDbContext.SeatTypesTable);
        migrationBuilder.DropTable(ConferenceDbContext.ConferencesTable);
    }
}
