using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Conference.AcceptanceTests.Framework;

/// <summary>A step's data table: a header row and rows readable by column name.</summary>
public sealed class Table
{
    private readonly List<TableRow> rows = [];

    public Table(params string[] header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (header.Length == 0)
        {
            throw new ArgumentException("A table needs at least one column.", nameof(header));
        }

        var duplicate = header.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"The column '{duplicate.Key}' appears twice in the table header.", nameof(header));
        }

        Header = header;
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<TableRow> Rows => rows;

    public int RowCount => rows.Count;

    public bool ContainsColumn(string column) => Header.Contains(column, StringComparer.OrdinalIgnoreCase);

    public void AddRow(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != Header.Count)
        {
            throw new ArgumentException($"The row has {cells.Length} cells but the table has {Header.Count} columns.", nameof(cells));
        }

        rows.Add(new TableRow(this, cells));
    }

    internal int ColumnIndex(string column)
    {
        for (var i = 0; i < Header.Count; i++)
        {
            if (string.Equals(Header[i], column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    public override string ToString()
    {
        var lines = new List<string> { "| " + string.Join(" | ", Header) + " |" };
        lines.AddRange(rows.Select(r => "| " + string.Join(" | ", r.Values) + " |"));
        return string.Join(Environment.NewLine, lines);
    }
}

/// <summary>One row of a <see cref="Table"/>, a read-only dictionary from column name (case-insensitive) to cell.</summary>
public sealed class TableRow : IReadOnlyDictionary<string, string>
{
    private readonly Table table;
    private readonly string[] cells;

    internal TableRow(Table table, string[] cells)
    {
        this.table = table;
        this.cells = cells;
    }

    public string this[string key] =>
        TryGetValue(key, out var value)
            ? value
            : throw new KeyNotFoundException($"The table has no column '{key}'; its columns are: {string.Join(", ", table.Header)}.");

    public string this[int index] => cells[index];

    public IEnumerable<string> Keys => table.Header;

    public IEnumerable<string> Values => cells;

    public int Count => cells.Length;

    public bool ContainsKey(string key) => table.ColumnIndex(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var index = table.ColumnIndex(key);
        value = index >= 0 ? cells[index] : null;
        return index >= 0;
    }

    public T GetValue<T>(string column) => (T)StepArgumentConverter.Convert(this[column], typeof(T))!;

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() =>
        table.Header.Select((h, i) => new KeyValuePair<string, string>(h, cells[i])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// Reqnroll-style helpers that read a table into objects: columns map to properties or constructor
/// parameters by name, ignoring case and spaces ("Seat type" fills SeatType).
/// </summary>
public static class TableHelperExtensionMethods
{
    /// <summary>One object per row.</summary>
    public static IReadOnlyList<T> CreateSet<T>(this Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.Rows.Select(row => Create<T>(row.ToDictionary(c => c.Key, c => c.Value, StringComparer.OrdinalIgnoreCase))).ToList();
    }

    /// <summary>
    /// One object, from a vertical table (columns Field and Value, or Property and Value) or from
    /// the only row of a horizontal one.
    /// </summary>
    public static T CreateInstance<T>(this Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Header.Count == 2 && table.ContainsColumn("Value") && (table.ContainsColumn("Field") || table.ContainsColumn("Property")))
        {
            var nameColumn = table.ContainsColumn("Field") ? "Field" : "Property";
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var row in table.Rows)
            {
                values[row[nameColumn]] = row["Value"];
            }

            return Create<T>(values);
        }

        return table.RowCount == 1
            ? Create<T>(table.Rows[0].ToDictionary(c => c.Key, c => c.Value, StringComparer.OrdinalIgnoreCase))
            : throw new InvalidOperationException(
                $"CreateInstance<{typeof(T).Name}> needs a Field/Value table or exactly one row; this table has {table.RowCount} rows.");
    }

    private static string Normalize(string name) => name.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);

    private static T Create<T>(Dictionary<string, string> values)
    {
        var type = typeof(T);
        var cells = values.ToDictionary(v => Normalize(v.Key), v => v.Value, StringComparer.OrdinalIgnoreCase);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        // Records and immutable types: the public constructor whose parameters the table covers best.
        var constructor = type.GetConstructors()
            .OrderByDescending(c => c.GetParameters().Count(p => p.Name is not null && cells.ContainsKey(p.Name)))
            .ThenBy(c => c.GetParameters().Length)
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"{type.Name} has no public constructor.");
        var arguments = constructor.GetParameters().Select(p =>
        {
            if (p.Name is not null && cells.TryGetValue(p.Name, out var text))
            {
                used.Add(p.Name);
                return ConvertCell(type, p.Name, text, p.ParameterType);
            }

            return p.HasDefaultValue
                ? p.DefaultValue
                : throw new InvalidOperationException($"The table has no column for {type.Name}'s constructor parameter '{p.Name}'.");
        }).ToArray();
        var instance = (T)constructor.Invoke(arguments);

        foreach (var (column, text) in cells)
        {
            if (used.Contains(column))
            {
                continue;
            }

            var property = type.GetProperty(column, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || property.SetMethod is null || !property.SetMethod.IsPublic)
            {
                throw new InvalidOperationException($"The table column '{column}' matches no settable property of {type.Name}.");
            }

            property.SetValue(instance, ConvertCell(type, property.Name, text, property.PropertyType));
        }

        return instance;
    }

    private static object? ConvertCell(Type owner, string member, string text, Type target)
    {
        try
        {
            return StepArgumentConverter.Convert(text, target);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{owner.Name}.{member}: {e.Message}", e);
        }
    }
}
