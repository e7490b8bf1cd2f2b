using System.Data.Common;
using System.Globalization;
using Infrastructure.Sql.Database;

namespace Conference.LoadTest;

/// <summary>
/// What must hold after the run, read from the database itself: every purchase the registrant saw
/// confirmed has exactly one OrderConfirmed event in the event store (and no order has two), and the
/// seats held or sold never exceed the quota.
/// </summary>
internal static class EndChecks
{
    public static async Task<bool> RunAsync(SqlDatabase database, IReadOnlyList<Purchase> purchases, Guid seatType, int quota, CancellationToken cancellationToken)
    {
        var confirmations = new Dictionary<Guid, int>();
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """SELECT "SourceId", COUNT(*) FROM "Events" WHERE "TypeName" = 'OrderConfirmed' GROUP BY "SourceId" """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                confirmations[Guid.Parse(reader.GetString(0))] = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
            }
        }

        var completed = purchases.Where(p => p.Completed).ToList();
        var notConfirmed = completed.Count(p => confirmations.GetValueOrDefault(p.OrderId) == 0);
        var twice = confirmations.Count(c => c.Value > 1);
        var confirmedOnce = notConfirmed == 0 && twice == 0;
        var unfinishedButConfirmed = purchases.Count(p => !p.Completed && p.OrderId != Guid.Empty && confirmations.ContainsKey(p.OrderId));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Verdict(confirmedOnce)}  every order confirmed exactly once: {completed.Count} purchases reached the thank-you page, {completed.Count - notConfirmed} of them have one OrderConfirmed event, {notConfirmed} none; {twice} orders have more than one; ({unfinishedButConfirmed} unfinished purchases were confirmed all the same)"));

        // Held (reserved, not yet paid) and sold seats, from the orders read model; and what SeatsAvailability says is left.
        var (held, sold) = await SeatsAsync(database, seatType, cancellationToken);
        var available = await ScalarAsync(database, $"""SELECT "AvailableQuantity" FROM "ConferenceSeatTypesView" WHERE "Id" = '{SeatTypeId(database, seatType)}'""", cancellationToken);
        var notOversold = held + sold <= quota && available >= 0 && sold + held + available == quota;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Verdict(notOversold)}  no seat oversold: quota {quota}, sold {sold}, held {held}, available {available} (sold + held <= quota, available >= 0, all three add up to the quota)"));
        return confirmedOnce && notOversold;
    }

    private static string Verdict(bool pass) => pass ? "PASS" : "FAIL";

    private static async Task<(long Held, long Sold)> SeatsAsync(SqlDatabase database, Guid seatType, CancellationToken cancellationToken)
    {
        // DraftOrderState: Created 0, PartiallyReserved 1, ReservationCompleted 2, Rejected 3, Confirmed 4.
        var seats = $"""SELECT COALESCE(SUM(i."ReservedSeats"), 0) FROM "OrderItemsView" i JOIN "OrdersView" o ON o."OrderId" = i."OrderId" WHERE i."SeatType" = '{SeatTypeId(database, seatType)}' AND o."State" """;
        return (await ScalarAsync(database, seats + "IN (0, 1, 2)", cancellationToken), await ScalarAsync(database, seats + "= 4", cancellationToken));
    }

    // How each provider stores a Guid key (EF Core: TEXT upper case on SQLite, uuid on PostgreSQL).
    private static string SeatTypeId(SqlDatabase database, Guid id) =>
        database.IsPostgres ? id.ToString() : id.ToString().ToUpperInvariant();

    private static async Task<long> ScalarAsync(SqlDatabase database, string sql, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken) ?? 0L, CultureInfo.InvariantCulture);
    }
}
