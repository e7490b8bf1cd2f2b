using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.ReadModel.Implementation;

/// <summary>
/// The draft order keeps the registrant's first and last name beside the email, so the registrant page
/// can show them again. Orders already in the view have none until their next OrderRegistrantAssigned.
/// </summary>
[DbContext(typeof(ConferenceRegistrationDbContext))]
[Migration("20261221000002_KeepRegistrantNames")]
public sealed class KeepRegistrantNames : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<string>("RegistrantFirstName", ReadModelTables.DraftOrders, nullable: true);
        migrationBuilder.AddColumn<string>("RegistrantLastName", ReadModelTables.DraftOrders, nullable: true);
    }
}
