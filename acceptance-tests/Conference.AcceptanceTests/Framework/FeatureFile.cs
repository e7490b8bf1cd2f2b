using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Gherkin;
using Gherkin.Ast;

namespace Conference.AcceptanceTests.Framework;

/// <summary>A step ready to run: Background and outline placeholders already applied.</summary>
public sealed record ScenarioStep(
    string Keyword,
    StepDefinitionType Type,
    string Text,
    int Line,
    Table? Table,
    string? DocString)
{
    public override string ToString() => Keyword + Text;
}

/// <summary>
/// One runnable case: a Scenario, or one Examples row of a Scenario Outline. Its <see cref="Key"/>
/// (line numbers) finds it again in the same file at run time.
/// </summary>
public sealed record ScenarioCase(
    FeatureInfo Feature,
    ScenarioInfo Scenario,
    string Key,
    int Line,
    IReadOnlyList<ScenarioStep> Steps,
    string? SkipReason)
{
    public string DisplayName
    {
        get
        {
            var name = Feature.Title + ": " + Scenario.Title;
            return Scenario.Arguments.Count == 0
                ? name
                : name + " (" + string.Join(", ", Scenario.Arguments.Select(a => a.Key + ": " + a.Value)) + ")";
        }
    }

    public string Location => Feature.FilePath + ":" + Line.ToString(CultureInfo.InvariantCulture);

    public override string ToString() => DisplayName;
}

/// <summary>A parsed .feature file and the scenario cases it expands to.</summary>
public sealed partial class FeatureFile
{
    /// <summary>The tag that skips a feature, scenario or Examples block.</summary>
    public const string IgnoreTag = "ignore";

    private static readonly ConcurrentDictionary<string, Lazy<FeatureFile>> Cache = new(StringComparer.Ordinal);

    private FeatureFile(FeatureInfo feature, IReadOnlyList<ScenarioCase> scenarios)
    {
        Feature = feature;
        Scenarios = scenarios;
    }

    public FeatureInfo Feature { get; }

    public IReadOnlyList<ScenarioCase> Scenarios { get; }

    /// <summary>Parses a file once per process (discovery and every scenario of it share the result).</summary>
    public static FeatureFile Load(string fullPath, string displayPath) =>
        Cache.GetOrAdd(
            fullPath + "|" + displayPath,
            _ => new Lazy<FeatureFile>(() => Parse(displayPath, File.ReadAllText(fullPath)))).Value;

    /// <summary>Parses Gherkin text; <paramref name="displayPath"/> is what messages show as its location.</summary>
    public static FeatureFile Parse(string displayPath, string text)
    {
        GherkinDocument document;
        try
        {
            using var reader = new StringReader(text);
            document = new Parser().Parse(reader);
        }
        catch (ParserException e)
        {
            throw new FeatureFileException($"{displayPath} is not valid Gherkin: {Describe(e)}", e);
        }

        var feature = document.Feature
            ?? throw new FeatureFileException($"{displayPath} has no Feature.");
        var dialect = new GherkinDialectProvider().GetDialect(feature.Language, feature.Location);
        var featureTags = TagNames(feature.Tags);
        var featureInfo = new FeatureInfo(feature.Name, feature.Description?.Trim() ?? string.Empty, featureTags, displayPath);

        var background = feature.Children.OfType<Background>().FirstOrDefault();
        var cases = new List<ScenarioCase>();
        foreach (var child in feature.Children)
        {
            switch (child)
            {
                case ScenarioOutline outline:
                    cases.AddRange(ExpandOutline(featureInfo, dialect, background, outline));
                    break;
                case Scenario scenario:
                    var tags = TagNames(scenario.Tags);
                    cases.Add(new ScenarioCase(
                        featureInfo,
                        new ScenarioInfo(scenario.Name, scenario.Description?.Trim() ?? string.Empty, tags, [.. featureTags, .. tags], new Dictionary<string, string>()),
                        "L" + scenario.Location.Line.ToString(CultureInfo.InvariantCulture),
                        scenario.Location.Line,
                        [.. Steps(featureInfo, dialect, background, null), .. Steps(featureInfo, dialect, scenario, null)],
                        SkipReason(featureInfo, featureTags, tags, scenario.Location.Line)));
                    break;
            }
        }

        return new FeatureFile(featureInfo, cases);
    }

    /// <summary>Finds a case by the key that discovery gave it.</summary>
    public ScenarioCase Find(string key) =>
        Scenarios.FirstOrDefault(s => s.Key == key)
        ?? throw new FeatureFileException($"{Feature.FilePath} has no scenario at {key} any more: rebuild so that discovery sees the current file.");

    private static IEnumerable<ScenarioCase> ExpandOutline(FeatureInfo featureInfo, GherkinDialect dialect, Background? background, ScenarioOutline outline)
    {
        var outlineTags = TagNames(outline.Tags);
        var examplesBlocks = outline.Examples.ToList();
        if (examplesBlocks.Count == 0 || examplesBlocks.All(e => e.TableHeader is null))
        {
            throw new FeatureFileException($"{featureInfo.FilePath}:{outline.Location.Line}: the Scenario Outline '{outline.Name}' has no Examples table.");
        }

        foreach (var examples in examplesBlocks.Where(e => e.TableHeader is not null))
        {
            var header = examples.TableHeader.Cells.Select(c => c.Value).ToArray();
            var tags = outlineTags.Concat(TagNames(examples.Tags)).Distinct(StringComparer.Ordinal).ToList();
            foreach (var row in examples.TableBody ?? [])
            {
                var values = row.Cells.Select(c => c.Value).ToArray();
                var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < header.Length; i++)
                {
                    arguments[header[i]] = values[i];
                }

                var line = outline.Location.Line;
                yield return new ScenarioCase(
                    featureInfo,
                    new ScenarioInfo(Substitute(outline.Name, arguments), outline.Description?.Trim() ?? string.Empty, tags, [.. featureInfo.Tags, .. tags], arguments),
                    "L" + line.ToString(CultureInfo.InvariantCulture) + ".R" + row.Location.Line.ToString(CultureInfo.InvariantCulture),
                    row.Location.Line,
                    [.. Steps(featureInfo, dialect, background, null), .. Steps(featureInfo, dialect, outline, arguments)],
                    SkipReason(featureInfo, featureInfo.Tags, tags, row.Location.Line));
            }
        }
    }

    private static List<ScenarioStep> Steps(FeatureInfo feature, GherkinDialect dialect, ScenarioDefinition? definition, Dictionary<string, string>? arguments)
    {
        var steps = new List<ScenarioStep>();
        if (definition is null)
        {
            return steps;
        }

        // And/But/* continue the previous keyword; a block that opens with one of them reads as Given.
        var current = StepDefinitionType.Given;
        foreach (var step in definition.Steps)
        {
            var keyword = step.Keyword;
            var trimmed = keyword.Trim();
            if (dialect.WhenStepKeywords.Any(k => k.Trim() == trimmed) && !dialect.GivenStepKeywords.Any(k => k.Trim() == trimmed))
            {
                current = StepDefinitionType.When;
            }
            else if (dialect.ThenStepKeywords.Any(k => k.Trim() == trimmed) && !dialect.GivenStepKeywords.Any(k => k.Trim() == trimmed))
            {
                current = StepDefinitionType.Then;
            }
            else if (dialect.GivenStepKeywords.Any(k => k.Trim() == trimmed) && trimmed != "*")
            {
                current = StepDefinitionType.Given;
            }

            Table? table = null;
            string? docString = null;
            switch (step.Argument)
            {
                case Gherkin.Ast.DataTable dataTable:
                    var rows = dataTable.Rows.Select(r => r.Cells.Select(c => Substitute(c.Value, arguments)).ToArray()).ToList();
                    try
                    {
                        table = new Table(rows[0]);
                        foreach (var cells in rows.Skip(1))
                        {
                            table.AddRow(cells);
                        }
                    }
                    catch (ArgumentException e)
                    {
                        throw new FeatureFileException($"{feature.FilePath}:{step.Location.Line.ToString(CultureInfo.InvariantCulture)}: {e.Message}", e);
                    }

                    break;
                case DocString doc:
                    docString = Substitute(doc.Content, arguments);
                    break;
            }

            steps.Add(new ScenarioStep(keyword, current, Substitute(step.Text, arguments), step.Location.Line, table, docString));
        }

        return steps;
    }

    private static string Substitute(string text, Dictionary<string, string>? arguments) =>
        arguments is null || arguments.Count == 0
            ? text
            : Placeholder().Replace(text, m => arguments.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    private static string? SkipReason(FeatureInfo feature, IReadOnlyList<string> featureTags, IReadOnlyList<string> tags, int line)
    {
        if (featureTags.Contains(IgnoreTag, StringComparer.OrdinalIgnoreCase))
        {
            return $"The feature is tagged @{IgnoreTag} ({feature.FilePath}).";
        }

        return tags.Contains(IgnoreTag, StringComparer.OrdinalIgnoreCase)
            ? $"Tagged @{IgnoreTag} ({feature.FilePath}:{line.ToString(CultureInfo.InvariantCulture)})."
            : null;
    }

    private static List<string> TagNames(IEnumerable<Tag>? tags) =>
        tags?.Select(t => t.Name.TrimStart('@')).ToList() ?? [];

    private static string Describe(ParserException e)
    {
        if (e is CompositeParserException composite)
        {
            var builder = new StringBuilder();
            foreach (var error in composite.Errors)
            {
                builder.AppendLine().Append("  ").Append(error.Message);
            }

            return builder.ToString();
        }

        return e.Message;
    }

    [GeneratedRegex("<([^<>]+)>", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}

/// <summary>A feature file cannot be read or does not contain what was asked for.</summary>
public sealed class FeatureFileException : Exception
{
    public FeatureFileException()
    {
    }

    public FeatureFileException(string message)
        : base(message)
    {
    }

    public FeatureFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
