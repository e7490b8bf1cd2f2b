using System.Text.RegularExpressions;

namespace Infrastructure.Messaging;

public enum SubscriptionFilterKind
{
    All = 0,
    TypeNameIn = 1,
    TypeNameNotIn = 2,
}

/// <summary>
/// The subset of Service Bus SQL filters the topology uses: everything, <c>TypeName IN (...)</c> or
/// <c>TypeName NOT IN (...)</c>. Every transport evaluates it the same way.
/// </summary>
public sealed partial record SubscriptionFilter(SubscriptionFilterKind Kind, IReadOnlyList<string> TypeNames)
{
    public static readonly SubscriptionFilter All = new(SubscriptionFilterKind.All, []);

    public static SubscriptionFilter In(params string[] typeNames) => new(SubscriptionFilterKind.TypeNameIn, typeNames);

    public static SubscriptionFilter NotIn(params string[] typeNames) => new(SubscriptionFilterKind.TypeNameNotIn, typeNames);

    public bool Matches(string typeName) => Kind switch
    {
        SubscriptionFilterKind.All => true,
        SubscriptionFilterKind.TypeNameIn => TypeNames.Contains(typeName, StringComparer.Ordinal),
        SubscriptionFilterKind.TypeNameNotIn => !TypeNames.Contains(typeName, StringComparer.Ordinal),
        _ => false,
    };

    /// <summary>The Service Bus SQL filter expression, or null for "all".</summary>
    public string? ToSqlExpression() => Kind switch
    {
        SubscriptionFilterKind.All => null,
        SubscriptionFilterKind.TypeNameIn => $"TypeName IN ({Quoted()})",
        _ => $"TypeName NOT IN ({Quoted()})",
    };

    public static SubscriptionFilter Parse(string? expression, string settingName)
    {
        if (string.IsNullOrWhiteSpace(expression) || expression.Trim() == "1=1")
        {
            return All;
        }

        var match = FilterExpression().Match(expression);
        if (!match.Success)
        {
            throw new InvalidSettingException(settingName, $"'{expression}' is not of the form TypeName IN ('A','B') or TypeName NOT IN ('A','B').");
        }

        var names = match.Groups["names"].Value
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(n => n.Trim('\''))
            .ToArray();
        if (names.Length == 0 || names.Any(n => !MessageTypeName().IsMatch(n)))
        {
            throw new InvalidSettingException(settingName, $"'{expression}' must list type names made of letters, digits and '.'.");
        }

        return new SubscriptionFilter(match.Groups["not"].Success ? SubscriptionFilterKind.TypeNameNotIn : SubscriptionFilterKind.TypeNameIn, names);
    }

    public bool Equals(SubscriptionFilter? other) =>
        other is not null && Kind == other.Kind && TypeNames.SequenceEqual(other.TypeNames);

    public override int GetHashCode() => HashCode.Combine(Kind, TypeNames.Count);

    private string Quoted() => string.Join(",", TypeNames.Select(n => $"'{n}'"));

    [GeneratedRegex(@"^\s*TypeName\s+(?<not>NOT\s+)?IN\s*\((?<names>[^)]*)\)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex FilterExpression();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9.]*$")]
    private static partial Regex MessageTypeName();
}
