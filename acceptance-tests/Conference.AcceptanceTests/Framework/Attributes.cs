namespace Conference.AcceptanceTests.Framework;

// The names mirror Reqnroll's (Binding, Given, When, Then, StepDefinition, Scope, BeforeScenario,
// AfterScenario) so that moving to Reqnroll later is a change of `using`, not of bindings.

/// <summary>Marks a class whose methods are step definitions or hooks.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class BindingAttribute : Attribute;

/// <summary>How a step definition's expression is read.</summary>
public enum ExpressionType
{
    /// <summary>Decided from the text: anchored (^…$) or regex-looking text is a regex, the rest a Cucumber expression.</summary>
    Unspecified,
    CucumberExpression,
    RegularExpression,
}

/// <summary>The keyword a step definition answers to.</summary>
public enum StepDefinitionType
{
    Given,
    When,
    Then,
}

[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public abstract class StepDefinitionBaseAttribute(string expression, StepDefinitionType[] types) : Attribute
{
    public string Expression { get; } = expression;

    public ExpressionType ExpressionType { get; set; }

    internal IReadOnlyList<StepDefinitionType> Types { get; } = types;
}

public sealed class GivenAttribute(string expression) : StepDefinitionBaseAttribute(expression, [StepDefinitionType.Given]);

public sealed class WhenAttribute(string expression) : StepDefinitionBaseAttribute(expression, [StepDefinitionType.When]);

public sealed class ThenAttribute(string expression) : StepDefinitionBaseAttribute(expression, [StepDefinitionType.Then]);

/// <summary>A step definition that answers to any keyword.</summary>
public sealed class StepDefinitionAttribute(string expression)
    : StepDefinitionBaseAttribute(expression, [StepDefinitionType.Given, StepDefinitionType.When, StepDefinitionType.Then]);

/// <summary>
/// Restricts a binding class or method to scenarios with a tag, a feature title or a scenario title.
/// Several Scope attributes are alternatives; the properties of one must all hold.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class ScopeAttribute : Attribute
{
    public string? Tag { get; set; }

    public string? Feature { get; set; }

    public string? Scenario { get; set; }
}

[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public abstract class HookAttribute(string[] tags) : Attribute
{
    /// <summary>The hook runs only for scenarios carrying one of these tags (all scenarios when empty).</summary>
    public IReadOnlyList<string> Tags { get; } = tags;

    /// <summary>Lower runs first; the default leaves room on both sides.</summary>
    public int Order { get; set; } = 10000;
}

/// <summary>Runs before the first step of each scenario (after its container is created).</summary>
public sealed class BeforeScenarioAttribute(params string[] tags) : HookAttribute(tags);

/// <summary>Runs after each scenario, whether it passed or not, before its container is disposed.</summary>
public sealed class AfterScenarioAttribute(params string[] tags) : HookAttribute(tags);
