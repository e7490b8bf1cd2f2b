using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Conference.AcceptanceTests.Framework;

/// <summary>Writes the step definition a missing binding would need, for the failure message.</summary>
public static partial class StepSuggestion
{
    public static string For(ScenarioStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var expression = new StringBuilder();
        var parameters = new List<string>();
        var words = new List<string>();
        var last = 0;
        foreach (Match token in Token().Matches(step.Text))
        {
            AppendLiteral(expression, words, step.Text[last..token.Index]);
            var index = parameters.Count.ToString(CultureInfo.InvariantCulture);
            if (token.Value.StartsWith('"') || token.Value.StartsWith('\''))
            {
                expression.Append("{string}");
                parameters.Add("string p" + index);
            }
            else if (token.Value.Contains('.', StringComparison.Ordinal))
            {
                expression.Append("{decimal}");
                parameters.Add("decimal p" + index);
            }
            else
            {
                expression.Append("{int}");
                parameters.Add("int p" + index);
            }

            last = token.Index + token.Length;
        }

        AppendLiteral(expression, words, step.Text[last..]);
        if (step.Table is not null)
        {
            parameters.Add("Table table");
        }

        if (step.DocString is not null)
        {
            parameters.Add("string docString");
        }

        var method = step.Type + string.Concat(words.Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        return new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"    [{step.Type}(\"{expression.Replace("\"", "\\\"")}\")]").AppendLine()
            .Append(CultureInfo.InvariantCulture, $"    public void {method}({string.Join(", ", parameters)})").AppendLine()
            .AppendLine("    {")
            .AppendLine("        throw new PendingStepException();")
            .Append("    }")
            .ToString();
    }

    private static void AppendLiteral(StringBuilder expression, List<string> words, string literal)
    {
        foreach (var c in literal)
        {
            // These characters mean something in a Cucumber expression; escaped they stay literal.
            if (c is '(' or ')' or '{' or '}' or '/' or '\\')
            {
                expression.Append('\\');
            }

            expression.Append(c);
        }

        words.AddRange(Word().Matches(literal).Select(m => m.Value));
    }

    // Quoted text (double quotes, or single quotes standing alone) and numbers standing alone.
    [GeneratedRegex("\"[^\"]*\"|(?<=^|\\s)'[^']*'(?=$|\\s|[.,;:!?])|(?<![\\w.])-?\\d+(?:\\.\\d+)?(?!\\w)", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
