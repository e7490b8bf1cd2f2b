using System.Collections.Concurrent;
using System.Collections.Specialized;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Gherkin;
using Gherkin.Ast;

namespace Conference.AcceptanceTests.ReqnrollAdapter;

/// <summary>One step as Reqnroll's runner takes it: the keyword as written, its text, a table or a doc string.</summary>
public sealed record PickledStep(string Keyword, StepKeywordType KeywordType, string Text, int Line, Reqnroll.Table? Table, string? DocString)
{
    public override string ToString() => Keyword + Text;
}

/// <summary>
/// One runnable case of a feature file: a Scenario, or one Examples row of a Scenario Outline.
/// <see cref="Key"/> finds it again at run time (its line, and the row's line for an outline).
/// </summary>
public sealed record PickledScenario(
    string FeaturePath,
    string FeatureTitle,
    string FeatureDescription,
    string Language,
    string[] FeatureTags,
    string? RuleTitle,
    string? RuleDescription,
    string[] RuleTags,
    string Title,
    string Description,
    string[] Tags,
    IReadOnlyList<KeyValuePair<string, string>> Arguments,
    string Key,
    int Line,
    IReadOnlyList<PickledStep> BackgroundSteps,
    IReadOnlyList<PickledStep> Steps,
    string? SkipReason)
{
    /// <summary>"Feature: Scenario", and an outline row's values: "(quantity: 2, type: Workshop)".</summary>
    public string DisplayName =>
        Arguments.Count == 0
            ? $"{FeatureTitle}: {Title}"
            : $"{FeatureTitle}: {Title} ({string.Join(", ", Arguments.Select(a => a.Key + ": " + a.Value))})";

    /// <summary>The feature's, the rule's and the scenario's own tags (without '@'), as traits show them.</summary>
    public IEnumerable<string> AllTags => FeatureTags.Concat(RuleTags).Concat(Tags).Distinct(StringComparer.Ordinal);

    public Reqnroll.FeatureInfo FeatureInfo() => new(
        CultureInfo.GetCultureInfo(Language),
        Path.GetDirectoryName(FeaturePath) ?? string.Empty,
        FeatureTitle,
        FeatureDescription,
        Reqnroll.ProgrammingLanguage.CSharp,
        FeatureTags);

    public Reqnroll.RuleInfo? RuleInfo() => RuleTitle is null ? null : new(RuleTitle, RuleDescription ?? string.Empty, RuleTags);

    public Reqnroll.ScenarioInfo ScenarioInfo()
    {
        var arguments = new OrderedDictionary();
        foreach (var (name, value) in Arguments)
        {
            arguments[name] = value;
        }

        return new Reqnroll.ScenarioInfo(Title, Description, Tags, arguments, [.. FeatureTags, .. RuleTags], null);
    }
}

/// <summary>Reads .feature files with the Gherkin parser and expands them into <see cref="PickledScenario"/>s.</summary>
public static partial class FeatureCatalog
{
    /// <summary>The tag that skips a feature, rule, scenario or Examples block.</summary>
    public const string IgnoreTag = "ignore";

    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<PickledScenario>>> Cache = new(StringComparer.Ordinal);

    /// <summary>Every .feature file under <paramref name="folder"/> of <paramref name="baseDirectory"/>, with its path relative to it.</summary>
    public static IEnumerable<(string FullPath, string RelativePath)> Enumerate(string baseDirectory, string folder)
    {
        var root = Path.Combine(baseDirectory, folder);
        return Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*.feature", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .Select(f => (f, Path.GetRelativePath(baseDirectory, f).Replace('\\', '/')))
            : [];
    }

    /// <summary>Parses a file once per process: discovery and every scenario of it share the result.</summary>
    public static IReadOnlyList<PickledScenario> Load(string fullPath, string relativePath) =>
        Cache.GetOrAdd(fullPath, _ => new Lazy<IReadOnlyList<PickledScenario>>(() => Parse(relativePath, File.ReadAllText(fullPath)))).Value;

    /// <summary>The case that discovery named <paramref name="key"/>.</summary>
    public static PickledScenario Find(string baseDirectory, string relativePath, string key) =>
        Load(Path.Combine(baseDirectory, relativePath), relativePath).FirstOrDefault(s => s.Key == key)
        ?? throw new InvalidOperationException($"{relativePath} has no scenario at {key} any more: rebuild so that discovery sees the current file.");

    /// <summary>Parses Gherkin text; <paramref name="path"/> is how messages name the file.</summary>
    public static IReadOnlyList<PickledScenario> Parse(string path, string text)
    {
        GherkinDocument document;
        try
        {
            using var reader = new StringReader(text);
            document = new Parser().Parse(reader);
        }
        catch (ParserException e)
        {
            throw new InvalidDataException($"{path} is not valid Gherkin:{Describe(e)}", e);
        }

        var feature = document.Feature ?? throw new InvalidDataException($"{path} has no Feature.");
        var context = new FeatureScope(path, feature.Name, Trim(feature.Description), feature.Language, TagNames(feature.Tags));
        var cases = new List<PickledScenario>();
        Expand(context, feature.Children, null, [], cases);
        return cases;
    }

    private static void Expand(FeatureScope feature, IEnumerable<IHasLocation> children, Rule? rule, List<PickledStep> inheritedBackground, List<PickledScenario> cases)
    {
        var background = new List<PickledStep>(inheritedBackground);
        foreach (var child in children)
        {
            switch (child)
            {
                case Background b:
                    background.AddRange(Steps(b.Steps, null));
                    break;
                case Rule r:
                    Expand(feature, r.Children, r, background, cases);
                    break;
                case Scenario scenario when scenario.Examples.Any():
                    ExpandOutline(feature, rule, background, scenario, cases);
                    break;
                case Scenario scenario:
                    var tags = TagNames(scenario.Tags);
                    cases.Add(Case(feature, rule, scenario, tags, [], $"L{scenario.Location.Line}", scenario.Location.Line, background, Steps(scenario.Steps, null)));
                    break;
            }
        }
    }

    private static void ExpandOutline(FeatureScope feature, Rule? rule, List<PickledStep> background, Scenario outline, List<PickledScenario> cases)
    {
        foreach (var examples in outline.Examples.Where(e => e.TableHeader is not null))
        {
            var header = examples.TableHeader.Cells.Select(c => c.Value).ToArray();
            var tags = TagNames(outline.Tags).Concat(TagNames(examples.Tags)).Distinct(StringComparer.Ordinal).ToArray();
            foreach (var row in examples.TableBody ?? [])
            {
                var arguments = header.Zip(row.Cells, (name, cell) => new KeyValuePair<string, string>(name, cell.Value)).ToList();
                var values = arguments.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
                cases.Add(Case(
                    feature,
                    rule,
                    outline,
                    tags,
                    arguments,
                    $"L{outline.Location.Line}.R{row.Location.Line}",
                    row.Location.Line,
                    background,
                    Steps(outline.Steps, values),
                    Substitute(outline.Name, values)));
            }
        }
    }

    private static PickledScenario Case(
        FeatureScope feature,
        Rule? rule,
        Scenario scenario,
        string[] tags,
        List<KeyValuePair<string, string>> arguments,
        string key,
        int line,
        List<PickledStep> background,
        List<PickledStep> steps,
        string? title = null)
    {
        var ruleTags = rule is null ? [] : TagNames(rule.Tags);
        var ignored = feature.Tags.Concat(ruleTags).Concat(tags).Contains(IgnoreTag, StringComparer.OrdinalIgnoreCase);
        return new PickledScenario(
            feature.Path,
            feature.Title,
            feature.Description,
            feature.Language,
            feature.Tags,
            rule?.Name,
            rule is null ? null : Trim(rule.Description),
            ruleTags,
            title ?? scenario.Name,
            Trim(scenario.Description),
            tags,
            arguments,
            key,
            line,
            [.. background],
            steps,
            ignored ? $"Tagged @{IgnoreTag} ({feature.Path}:{line.ToString(CultureInfo.InvariantCulture)})." : null);
    }

    private static List<PickledStep> Steps(IEnumerable<Step> steps, Dictionary<string, string>? arguments) =>
        [.. steps.Select(step => new PickledStep(
            step.Keyword,
            step.KeywordType,
            Substitute(step.Text, arguments),
            step.Location.Line,
            step.Argument is Gherkin.Ast.DataTable table ? ToTable(table, arguments) : null,
            step.Argument is DocString doc ? Substitute(doc.Content, arguments) : null))];

    private static Reqnroll.Table ToTable(Gherkin.Ast.DataTable source, Dictionary<string, string>? arguments)
    {
        var rows = source.Rows.Select(r => r.Cells.Select(c => Substitute(c.Value, arguments)).ToArray()).ToList();
        var table = new Reqnroll.Table(rows[0]);
        foreach (var cells in rows.Skip(1))
        {
            table.AddRow(cells);
        }

        return table;
    }

    private static string Substitute(string text, Dictionary<string, string>? arguments) =>
        arguments is null || arguments.Count == 0
            ? text
            : Placeholder().Replace(text, m => arguments.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    private static string Trim(string? description) => description?.Trim() ?? string.Empty;

    private static string[] TagNames(IEnumerable<Tag>? tags) => tags?.Select(t => t.Name.TrimStart('@')).ToArray() ?? [];

    private static string Describe(ParserException e) =>
        e is CompositeParserException composite
            ? string.Concat(composite.Errors.Select(error => Environment.NewLine + "  " + error.Message))
            : " " + e.Message;

    [GeneratedRegex("<([^<>]+)>", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    private sealed record FeatureScope(string Path, string Title, string Description, string Language, string[] Tags);
}
