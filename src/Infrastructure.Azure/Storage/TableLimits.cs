using System.Text.RegularExpressions;

namespace Infrastructure.Azure.Storage;

/// <summary>The Table service's limits this project runs into, checked before a request so the error says what to change.</summary>
public static partial class TableLimits
{
    /// <summary>Operations in one entity-group transaction.</summary>
    public const int MaxTransactionOperations = 100;

    /// <summary>The body of one entity-group transaction: 4 MiB.</summary>
    public const int MaxTransactionBytes = 4 * 1024 * 1024;

    /// <summary>Room per operation in a transaction body for its headers, keys and the other properties.</summary>
    public const int OperationOverheadBytes = 2 * 1024;

    /// <summary>A string property holds at most 64 KiB, stored as UTF-16: 32,768 characters.</summary>
    public const int MaxStringPropertyLength = 32 * 1024;

    /// <summary>Throws <see cref="InvalidSettingException"/> unless <paramref name="tableName"/> is a valid table name (a letter, then 2 to 62 letters or digits).</summary>
    public static void ValidateTableName(string settingName, string tableName)
    {
        if (string.IsNullOrEmpty(tableName) || !TableName().IsMatch(tableName) || string.Equals(tableName, "tables", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidSettingException(settingName, $"'{tableName}' is not a valid table name: a letter, then 2 to 62 letters or digits.");
        }
    }

    /// <summary>Throws <see cref="TablePropertyTooLargeException"/> when <paramref name="value"/> does not fit a string property.</summary>
    public static void EnsureFits(string? value, string what)
    {
        if (value is { Length: > MaxStringPropertyLength })
        {
            throw new TablePropertyTooLargeException(
                $"{what} has {value.Length} characters; a Table Storage string property holds at most {MaxStringPropertyLength}. Nothing was written.");
        }
    }

    /// <summary>
    /// An upper bound on the bytes <paramref name="value"/> takes in a request body: a plain ASCII character
    /// one, a quote or backslash two (escaped), anything else six (a JSON writer may write it as \uXXXX).
    /// </summary>
    public static long EncodedLengthBound(string? value)
    {
        long bytes = 0;
        foreach (var c in value ?? string.Empty)
        {
            bytes += c is '"' or '\\' ? 2 : char.IsAscii(c) && !char.IsControl(c) ? 1 : 6;
        }

        return bytes;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableName();
}

/// <summary>
/// A value is longer than a Table string property holds (<see cref="TableLimits.MaxStringPropertyLength"/>
/// characters). Nothing was written.
/// </summary>
public sealed class TablePropertyTooLargeException : Exception
{
    public TablePropertyTooLargeException()
    {
    }

    public TablePropertyTooLargeException(string message) : base(message)
    {
    }

    public TablePropertyTooLargeException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
