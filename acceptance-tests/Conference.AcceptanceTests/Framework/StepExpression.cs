using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Conference.AcceptanceTests.Framework;

/// <summary>
/// A step definition's pattern compiled to an anchored regular expression: either a regex as written
/// or a Cucumber expression ({int}, {string}, {decimal}, {word}, {} …, optional "(s)" and "a/b"
/// alternatives) translated to one.
/// </summary>
public sealed class StepExpression
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    // Built-in Cucumber parameter types. {string} accepts double or single quotes, so it has two
    // alternatives feeding the same named group (.NET allows a group name to repeat).
    private static readonly Dictionary<string, string> BuiltInParameters = new(StringComparer.Ordinal)
    {
        ["int"] = @"(?<{0}>-?\d+)",
        ["long"] = @"(?<{0}>-?\d+)",
        ["byte"] = @"(?<{0}>\d+)",
        ["short"] = @"(?<{0}>-?\d+)",
        ["decimal"] = @"(?<{0}>-?(?:\d+(?:\.\d+)?|\.\d+))",
        ["float"] = @"(?<{0}>-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?)",
        ["double"] = @"(?<{0}>-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?)",
        ["word"] = @"(?<{0}>[^\s]+)",
        ["string"] = "(?:\"(?<{0}>[^\"]*)\"|'(?<{0}>[^']*)')",
        [""] = "(?<{0}>.*)",
    };

    private readonly Regex regex;
    private readonly int parameterCount;
    private readonly bool namedParameters;

    private StepExpression(string source, ExpressionType kind, string pattern, int parameterCount, bool namedParameters)
    {
        Source = source;
        Kind = kind;
        this.parameterCount = parameterCount;
        this.namedParameters = namedParameters;
        regex = new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
    }

    public string Source { get; }

    public ExpressionType Kind { get; }

    /// <summary>How many values a match yields (the step method's leading parameters).</summary>
    public int ParameterCount => parameterCount;

    /// <summary>The anchored regular expression the step text is matched against.</summary>
    public string Pattern => regex.ToString();

    /// <summary>
    /// Compiles an expression. <paramref name="parameterTypes"/> (the method's parameter types, when
    /// known) lets a Cucumber expression name a custom type such as {Guid} or an enum's name.
    /// </summary>
    public static StepExpression Compile(string expression, ExpressionType kind = ExpressionType.Unspecified, IReadOnlyList<Type>? parameterTypes = null)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (kind == ExpressionType.Unspecified)
        {
            kind = LooksLikeRegex(expression) ? ExpressionType.RegularExpression : ExpressionType.CucumberExpression;
        }

        return kind == ExpressionType.RegularExpression
            ? CompileRegex(expression)
            : CompileCucumber(expression, parameterTypes ?? []);
    }

    /// <summary>
    /// Reqnroll-like guess: anchors or typical regex constructs mean a regex; everything else is a
    /// Cucumber expression (whose "(s)" optional text would otherwise read as a regex group).
    /// </summary>
    public static bool LooksLikeRegex(string expression) =>
        expression.StartsWith('^')
        || (expression.EndsWith('$') && !expression.EndsWith("\\$", StringComparison.Ordinal))
        || expression.Contains("(.*)", StringComparison.Ordinal)
        || expression.Contains("(.+)", StringComparison.Ordinal)
        || expression.Contains("(?", StringComparison.Ordinal)
        || expression.Contains("([", StringComparison.Ordinal)
        || expression.Contains(@"\d", StringComparison.Ordinal)
        || expression.Contains(@"\w", StringComparison.Ordinal)
        || expression.Contains(@"\s", StringComparison.Ordinal)
        || expression.Contains(".*", StringComparison.Ordinal);

    /// <summary>The captured values when the whole step text matches; null otherwise.</summary>
    public IReadOnlyList<string?>? Match(string stepText)
    {
        var match = regex.Match(stepText);
        if (!match.Success)
        {
            return null;
        }

        var values = new string?[parameterCount];
        for (var i = 0; i < parameterCount; i++)
        {
            var group = namedParameters ? match.Groups[GroupName(i)] : match.Groups[i + 1];
            values[i] = group.Success ? group.Value : null;
        }

        return values;
    }

    private static string GroupName(int index) => "p" + index.ToString(CultureInfo.InvariantCulture);

    private static StepExpression CompileRegex(string expression)
    {
        var body = expression;
        if (body.StartsWith('^'))
        {
            body = body[1..];
        }

        if (body.EndsWith('$') && !body.EndsWith("\\$", StringComparison.Ordinal))
        {
            body = body[..^1];
        }

        var pattern = "^(?:" + body + ")$";
        Regex probe;
        try
        {
            probe = new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            throw new StepExpressionException($"'{expression}' is not a valid regular expression: {e.Message}", e);
        }

        // Every group counts, named or not, in the order .NET numbers them.
        var count = probe.GetGroupNumbers().Length - 1;
        return new StepExpression(expression, ExpressionType.RegularExpression, pattern, count, namedParameters: false);
    }

    private static StepExpression CompileCucumber(string expression, IReadOnlyList<Type> parameterTypes)
    {
        var pattern = new StringBuilder("^");
        var count = 0;
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (char.IsWhiteSpace(c))
            {
                pattern.Append(Regex.Escape(c.ToString()));
                i++;
                continue;
            }

            // A whitespace-delimited word; "/" inside it separates alternatives.
            var end = i;
            var depth = 0;
            while (end < expression.Length && (depth > 0 || !char.IsWhiteSpace(expression[end])))
            {
                if (expression[end] == '\\')
                {
                    end++;
                }
                else if (expression[end] is '{' or '(')
                {
                    depth++;
                }
                else if (expression[end] is '}' or ')')
                {
                    depth = Math.Max(0, depth - 1);
                }

                end++;
            }

            end = Math.Min(end, expression.Length);
            var word = expression[i..end];
            var alternatives = SplitAlternatives(word);
            if (alternatives.Count > 1)
            {
                if (alternatives.Any(a => a.Length == 0))
                {
                    throw new StepExpressionException($"'{expression}': an alternative in '{word}' is empty.");
                }

                var parts = alternatives.Select(a => TranslateCucumberText(expression, a, parameterTypes, ref count, allowParameters: false));
                pattern.Append("(?:").AppendJoin('|', parts).Append(')');
            }
            else
            {
                pattern.Append(TranslateCucumberText(expression, word, parameterTypes, ref count, allowParameters: true));
            }

            i = end;
        }

        pattern.Append('$');
        return new StepExpression(expression, ExpressionType.CucumberExpression, pattern.ToString(), count, namedParameters: true);
    }

    private static List<string> SplitAlternatives(string word)
    {
        var result = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            if (c == '\\' && i + 1 < word.Length)
            {
                current.Append(c).Append(word[++i]);
                continue;
            }

            if (c is '{' or '(')
            {
                depth++;
            }
            else if (c is '}' or ')')
            {
                depth--;
            }

            if (c == '/' && depth == 0)
            {
                result.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        result.Add(current.ToString());
        return result;
    }

    private static string TranslateCucumberText(string expression, string text, IReadOnlyList<Type> parameterTypes, ref int count, bool allowParameters)
    {
        var pattern = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                pattern.Append(Regex.Escape(text[i + 1].ToString()));
                i += 2;
            }
            else if (c == '{')
            {
                var close = text.IndexOf('}', i);
                if (close < 0)
                {
                    throw new StepExpressionException($"'{expression}': '{{' has no closing '}}' (write \\{{ for a literal brace).");
                }

                if (!allowParameters)
                {
                    throw new StepExpressionException($"'{expression}': a parameter cannot be part of an alternative (a/b).");
                }

                var name = text[(i + 1)..close];
                pattern.Append(CultureInfo.InvariantCulture, $"{ParameterPattern(expression, name, count, parameterTypes)}");
                count++;
                i = close + 1;
            }
            else if (c == '(')
            {
                var close = text.IndexOf(')', i);
                if (close < 0)
                {
                    throw new StepExpressionException($"'{expression}': '(' has no closing ')' (write \\( for a literal parenthesis).");
                }

                var optional = text[(i + 1)..close];
                if (optional.Contains('{', StringComparison.Ordinal))
                {
                    throw new StepExpressionException($"'{expression}': a parameter cannot be optional text.");
                }

                pattern.Append("(?:").Append(Regex.Escape(optional.Replace("\\", string.Empty, StringComparison.Ordinal))).Append(")?");
                i = close + 1;
            }
            else
            {
                pattern.Append(Regex.Escape(c.ToString()));
                i++;
            }
        }

        return pattern.ToString();
    }

    private static string ParameterPattern(string expression, string name, int index, IReadOnlyList<Type> parameterTypes)
    {
        var group = GroupName(index);
        if (BuiltInParameters.TryGetValue(name, out var template))
        {
            return string.Format(CultureInfo.InvariantCulture, template, group);
        }

        // {Guid}, {DateTime}, {SeatType}…: any text, converted by the method's parameter type; the
        // name must be that type's name so that a typo such as {strnig} is caught, not matched loosely.
        var type = index < parameterTypes.Count ? Nullable.GetUnderlyingType(parameterTypes[index]) ?? parameterTypes[index] : null;
        if (type is not null && string.Equals(type.Name, name, StringComparison.OrdinalIgnoreCase))
        {
            return $"(?<{group}>.*?)";
        }

        throw new StepExpressionException(
            $"'{expression}': unknown parameter type {{{name}}}. Use {{int}}, {{long}}, {{decimal}}, {{float}}, {{double}}, {{word}}, {{string}}, {{}} "
            + "or the name of the method parameter's own type (e.g. {Guid}, {DateTime}, an enum's name).");
    }
}

/// <summary>A step definition's expression cannot be compiled.</summary>
public sealed class StepExpressionException : Exception
{
    public StepExpressionException()
    {
    }

    public StepExpressionException(string message)
        : base(message)
    {
    }

    public StepExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
