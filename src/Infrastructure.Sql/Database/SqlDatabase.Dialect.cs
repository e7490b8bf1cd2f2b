namespace Infrastructure.Sql.Database;

/// <summary>
/// The few places the hand-written SQL differs between SQLite, PostgreSQL and SQL Server. Everything
/// else is written once: all three accept double-quoted identifiers (SQL Server with QUOTED_IDENTIFIER
/// ON, SqlClient's default).
/// </summary>
public sealed partial class SqlDatabase
{
    /// <summary><c>FOR UPDATE SKIP LOCKED</c> after a PostgreSQL row-claiming query; SQLite serialises writers instead; SQL Server uses <see cref="SkipLockedHint"/>.</summary>
    public string SkipLocked => IsPostgres ? " FOR UPDATE SKIP LOCKED" : string.Empty;

    /// <summary>The SQL Server table hint of a row-claiming query: lock the row read, skip rows others hold.</summary>
    public string SkipLockedHint => IsSqlServer ? " WITH (UPDLOCK, READPAST, ROWLOCK)" : string.Empty;

    /// <summary>Keeps the first <paramref name="rows"/> rows of an ordered query (a number or a parameter), after its ORDER BY.</summary>
    public string Limit(string rows) => IsSqlServer ? $" OFFSET 0 ROWS FETCH NEXT {rows} ROWS ONLY" : $" LIMIT {rows}";

    /// <summary>Whether <paramref name="text"/> (an SQL expression) contains the parameter <paramref name="parameter"/>.</summary>
    public string Contains(string text, string parameter) => Provider switch
    {
        SqlProvider.Postgres => $"strpos({text}, {parameter}) > 0",
        SqlProvider.SqlServer => $"CHARINDEX({parameter}, {text}) > 0",
        _ => $"instr({text}, {parameter}) > 0",
    };

    /// <summary>
    /// Inserts one row; when a row with the same <paramref name="key"/> exists, sets its <paramref name="update"/>
    /// columns to the new values where <paramref name="updateWhere"/> holds (always when null), or leaves it
    /// when <paramref name="update"/> is empty. <c>ON CONFLICT</c> on SQLite and PostgreSQL; on SQL Server a
    /// <c>MERGE … WITH (HOLDLOCK)</c>, which holds the key range so two concurrent upserts of one key do not
    /// both insert. Either way the new values are <c>excluded."Column"</c> and the existing row is
    /// <c>"Table"."Column"</c>, so <paramref name="updateWhere"/> is written once; the affected row count
    /// is 1 when the row was inserted or updated, 0 when it was left alone.
    /// </summary>
    public string Upsert(string table, IReadOnlyList<string> key, IReadOnlyList<(string Column, string Value)> values, IReadOnlyList<string> update, string? updateWhere = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(update);
        var columns = string.Join(", ", values.Select(v => Quote(v.Column)));
        var set = string.Join(", ", update.Select(c => $"{Quote(c)} = excluded.{Quote(c)}"));
        if (!IsSqlServer)
        {
            var onConflict = update.Count == 0
                ? "DO NOTHING"
                : $"DO UPDATE SET {set}" + (updateWhere is null ? string.Empty : $" WHERE {updateWhere}");
            return $"INSERT INTO {Quote(table)} ({columns}) VALUES ({string.Join(", ", values.Select(v => v.Value))}) ON CONFLICT ({string.Join(", ", key.Select(Quote))}) {onConflict}";
        }

        var source = string.Join(", ", values.Select(v => $"{v.Value} AS {Quote(v.Column)}"));
        var match = string.Join(" AND ", key.Select(c => $"{Quote(table)}.{Quote(c)} = excluded.{Quote(c)}"));
        var whenMatched = update.Count == 0
            ? string.Empty
            : $" WHEN MATCHED{(updateWhere is null ? string.Empty : $" AND {updateWhere}")} THEN UPDATE SET {set}";
        return $"MERGE {Quote(table)} WITH (HOLDLOCK) USING (SELECT {source}) AS excluded ON {match}{whenMatched}" +
            $" WHEN NOT MATCHED THEN INSERT ({columns}) VALUES ({string.Join(", ", values.Select(v => $"excluded.{Quote(v.Column)}"))});";
    }

    /// <summary>SQL Server's <c>OUTPUT inserted.…</c> of an UPDATE, placed between its SET and its WHERE; empty elsewhere.</summary>
    public string OutputUpdated(IEnumerable<string> columns) =>
        IsSqlServer ? " OUTPUT " + string.Join(", ", columns.Select(c => "inserted." + Quote(c))) : string.Empty;

    /// <summary>The <c>RETURNING …</c> that ends an UPDATE on SQLite and PostgreSQL; empty on SQL Server (see <see cref="OutputUpdated"/>).</summary>
    public string ReturningUpdated(IEnumerable<string> columns) =>
        IsSqlServer ? string.Empty : " RETURNING " + string.Join(", ", columns.Select(Quote));

    private static string Quote(string identifier) => $"\"{identifier}\"";
}
