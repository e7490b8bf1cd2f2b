using System.Collections.Concurrent;
using System.Reflection;

namespace Conference.AcceptanceTests.Framework;

/// <summary>One step definition: a method, the keywords it answers and its compiled expression.</summary>
public sealed class StepBinding
{
    internal StepBinding(MethodInfo method, StepDefinitionBaseAttribute attribute, IReadOnlyList<ScopeAttribute> scopes)
    {
        Method = method;
        Types = attribute.Types;
        Scopes = scopes;
        try
        {
            Expression = StepExpression.Compile(attribute.Expression, attribute.ExpressionType, [.. method.GetParameters().Select(p => p.ParameterType)]);
        }
        catch (StepExpressionException e)
        {
            Error = $"{Name}: {e.Message}";
        }
    }

    public MethodInfo Method { get; }

    public IReadOnlyList<StepDefinitionType> Types { get; }

    public StepExpression? Expression { get; }

    /// <summary>Why this binding cannot be used (a bad expression); null when it is fine.</summary>
    public string? Error { get; }

    internal IReadOnlyList<ScopeAttribute> Scopes { get; }

    public string Name => Method.DeclaringType!.Name + "." + Method.Name;

    public override string ToString() => $"{Name} [{string.Join("/", Types)}(\"{Expression?.Source}\")]";
}

/// <summary>A Before/AfterScenario hook.</summary>
public sealed class HookBinding(MethodInfo method, HookAttribute attribute, IReadOnlyList<ScopeAttribute> scopes)
{
    public MethodInfo Method { get; } = method;

    public HookAttribute Attribute { get; } = attribute;

    internal IReadOnlyList<ScopeAttribute> Scopes { get; } = scopes;

    public string Name => Method.DeclaringType!.Name + "." + Method.Name;

    internal bool AppliesTo(FeatureInfo feature, ScenarioInfo scenario) =>
        BindingRegistry.InScope(Scopes, feature, scenario) >= 0
        && (Attribute.Tags.Count == 0 || Attribute.Tags.Any(t => scenario.CombinedTags.Contains(t.TrimStart('@'), StringComparer.OrdinalIgnoreCase)));
}

/// <summary>The outcome of looking a step up.</summary>
public sealed record StepMatch(StepBinding Binding, IReadOnlyList<string?> Arguments);

/// <summary>All step definitions and hooks of some binding classes.</summary>
public sealed class BindingRegistry
{
    private static readonly ConcurrentDictionary<Assembly, BindingRegistry> ByAssembly = new();

    private BindingRegistry(IEnumerable<Type> types)
    {
        var steps = new List<StepBinding>();
        var hooks = new List<HookBinding>();
        foreach (var type in types)
        {
            var classScopes = type.GetCustomAttributes<ScopeAttribute>(inherit: true).ToList();
            var flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static;
            foreach (var method in type.GetMethods(flags).Where(m => m.DeclaringType != typeof(object)))
            {
                var methodScopes = method.GetCustomAttributes<ScopeAttribute>(inherit: true).ToList();
                var scopes = methodScopes.Count > 0 ? methodScopes : classScopes;
                steps.AddRange(method.GetCustomAttributes<StepDefinitionBaseAttribute>(inherit: true).Select(a => new StepBinding(method, a, scopes)));
                if (method.GetCustomAttribute<HookAttribute>(inherit: true) is { } hook)
                {
                    hooks.Add(new HookBinding(method, hook, scopes));
                }
            }
        }

        StepBindings = steps;
        Hooks = [.. hooks.OrderBy(h => h.Attribute.Order).ThenBy(h => h.Name, StringComparer.Ordinal)];
    }

    public IReadOnlyList<StepBinding> StepBindings { get; }

    public IReadOnlyList<HookBinding> Hooks { get; }

    /// <summary>Every public [Binding] class of an assembly, as Reqnroll finds them (cached).</summary>
    public static BindingRegistry ForAssembly(Assembly assembly) =>
        ByAssembly.GetOrAdd(assembly, a => new BindingRegistry(a.GetTypes().Where(t => t.IsPublic || t.IsNestedPublic).Where(t => t.GetCustomAttribute<BindingAttribute>() is not null)));

    /// <summary>Exactly these classes, with or without [Binding] (for tests of the layer itself).</summary>
    public static BindingRegistry FromTypes(params Type[] types) => new(types);

    /// <summary>
    /// The binding for a step. Scoped bindings that apply beat unscoped ones; any remaining tie is an
    /// ambiguity, reported rather than resolved by declaration order.
    /// </summary>
    public StepLookup Find(ScenarioStep step, FeatureInfo feature, ScenarioInfo scenario)
    {
        ArgumentNullException.ThrowIfNull(step);
        var candidates = new List<(StepMatch Match, int Specificity)>();
        foreach (var binding in StepBindings)
        {
            if (binding.Expression is null || !binding.Types.Contains(step.Type))
            {
                continue;
            }

            var specificity = InScope(binding.Scopes, feature, scenario);
            if (specificity < 0)
            {
                continue;
            }

            if (binding.Expression.Match(step.Text) is { } arguments)
            {
                candidates.Add((new StepMatch(binding, arguments), specificity));
            }
        }

        if (candidates.Count == 0)
        {
            return new StepLookup(null, []);
        }

        var best = candidates.Max(c => c.Specificity);
        var winners = candidates.Where(c => c.Specificity == best).Select(c => c.Match).ToList();
        return winners.Count == 1 ? new StepLookup(winners[0], []) : new StepLookup(null, winners);
    }

    /// <summary>Bindings whose expression does not compile (the layer's own tests insist there are none).</summary>
    public IEnumerable<string> Errors() => StepBindings.Where(b => b.Error is not null).Select(b => b.Error!);

    /// <summary>-1 when out of scope; otherwise how many scope conditions it met (0 for unscoped).</summary>
    internal static int InScope(IReadOnlyList<ScopeAttribute> scopes, FeatureInfo feature, ScenarioInfo scenario)
    {
        if (scopes.Count == 0)
        {
            return 0;
        }

        var best = -1;
        foreach (var scope in scopes)
        {
            var met = 0;
            var holds = true;
            if (scope.Tag is { } tag)
            {
                holds &= scenario.CombinedTags.Contains(tag.TrimStart('@'), StringComparer.OrdinalIgnoreCase);
                met++;
            }

            if (scope.Feature is { } featureTitle)
            {
                holds &= string.Equals(feature.Title, featureTitle, StringComparison.Ordinal);
                met++;
            }

            if (scope.Scenario is { } scenarioTitle)
            {
                holds &= string.Equals(scenario.Title, scenarioTitle, StringComparison.Ordinal);
                met++;
            }

            if (holds)
            {
                best = Math.Max(best, met);
            }
        }

        return best;
    }
}

/// <summary>Either the one binding for a step, or the bindings that tie for it (none: undefined).</summary>
public sealed record StepLookup(StepMatch? Match, IReadOnlyList<StepMatch> Ambiguous);
