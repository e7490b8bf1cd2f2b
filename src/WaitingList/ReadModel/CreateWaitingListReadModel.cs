using Infrastructure.Sql.Database;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WaitingList.ReadModel;

/// <summary>The waiting-list read model's tables, written by hand as the other stores' are.</summary>
[DbContext(typeof(WaitingListReadModelDbContext))]
[Migration("20261202100000_CreateWaitingListReadModel")]
public sealed class CreateWaitingListReadModel : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.UseWriteAheadLogOnSqlite();
        const string Lists = WaitingListReadModelDbContext.ListsTable;
        const string Entries = WaitingListReadModelDbContext.EntriesTable;
        const string Offers = WaitingListReadModelDbContext.OffersTable;

        migrationBuilder.CreateTable(
            name: Lists,
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                ConferenceId = t.Column<Guid>(nullable: false),
                SeatType = t.Column<Guid>(nullable: false),
                Version = t.Column<int>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{Lists}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{Lists}_ConferenceId", Lists, "ConferenceId");

        migrationBuilder.CreateTable(
            name: Entries,
            columns: t => new
            {
                EntryId = t.Column<Guid>(nullable: false),
                ListId = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(nullable: false),
                Email = t.Column<string>(nullable: false),
                Seats = t.Column<int>(nullable: false),
                JoinedAt = t.Column<DateTimeOffset>(nullable: false),
                Sequence = t.Column<int>(nullable: false),
                SeatsOffered = t.Column<int>(nullable: false),
                Status = t.Column<string>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey($"PK_{Entries}", x => x.EntryId);
                t.ForeignKey($"FK_{Entries}_{Lists}_ListId", x => x.ListId, Lists, "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex($"IX_{Entries}_ListId", Entries, "ListId");

        migrationBuilder.CreateTable(
            name: Offers,
            columns: t => new
            {
                OfferId = t.Column<Guid>(nullable: false),
                ListId = t.Column<Guid>(nullable: false),
                EntryId = t.Column<Guid>(nullable: false),
                Seats = t.Column<int>(nullable: false),
                OfferedAt = t.Column<DateTimeOffset>(nullable: false),
                ExpiresAt = t.Column<DateTimeOffset>(nullable: false),
                Status = t.Column<string>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey($"PK_{Offers}", x => x.OfferId);
                t.ForeignKey($"FK_{Offers}_{Lists}_ListId", x => x.ListId, Lists, "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex($"IX_{Offers}_ListId", Offers, "ListId");
    }
}
