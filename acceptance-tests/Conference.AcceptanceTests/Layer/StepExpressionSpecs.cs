using Conference.AcceptanceTests.Framework;

namespace Conference.AcceptanceTests.Layer;

public sealed class StepExpressionSpecs
{
    [Theory]
    [InlineData("I add 3 seats", "3")]
    [InlineData("I add -2 seats", "-2")]
    public void An_int_parameter_captures_a_whole_number(string text, string expected) =>
        Assert.Equal([expected], StepExpression.Compile("I add {int} seats").Match(text)!);

    [Theory]
    [InlineData("I add three seats")]
    [InlineData("I add 3.5 seats")]
    [InlineData("I add 3 seats now")]
    [InlineData("so I add 3 seats")]
    public void The_whole_text_must_match(string text) =>
        Assert.Null(StepExpression.Compile("I add {int} seats").Match(text));

    [Theory]
    [InlineData("the name is \"Ann Lee\"")]
    [InlineData("the name is 'Ann Lee'")]
    public void A_string_parameter_takes_double_or_single_quotes_and_drops_them(string text) =>
        Assert.Equal(["Ann Lee"], StepExpression.Compile("the name is {string}").Match(text)!);

    [Fact]
    public void Decimal_word_and_anonymous_parameters_capture_in_order()
    {
        var expression = StepExpression.Compile("{word} costs {decimal} per {}");
        Assert.Equal(3, expression.ParameterCount);
        Assert.Equal(["ab-12", "199.50", "seat and day"], expression.Match("ab-12 costs 199.50 per seat and day")!);
        Assert.Null(expression.Match("ab 12 costs 199.50 per seat"));
    }

    [Theory]
    [InlineData("I have 1 seat in the basket")]
    [InlineData("I have 2 seats in the cart")]
    public void Optional_text_and_alternatives_match_either_way(string text) =>
        Assert.NotNull(StepExpression.Compile("I have {int} seat(s) in the cart/basket").Match(text));

    [Fact]
    public void Escaped_braces_and_parentheses_are_literal()
    {
        var expression = StepExpression.Compile(@"a \{literal\} brace \(here\)");
        Assert.NotNull(expression.Match("a {literal} brace (here)"));
        Assert.Equal(0, expression.ParameterCount);
    }

    [Fact]
    public void Regex_characters_in_a_cucumber_expression_are_literal()
    {
        var expression = StepExpression.Compile("the total is $5 + tax?");
        Assert.Equal(ExpressionType.CucumberExpression, expression.Kind);
        Assert.NotNull(expression.Match("the total is $5 + tax?"));
        Assert.Null(expression.Match("the total is $5 + taxx"));
    }

    [Fact]
    public void An_anchored_expression_is_a_regex_and_every_group_is_a_parameter()
    {
        var expression = StepExpression.Compile(@"^(\w+) pays (\d+) euros?$");
        Assert.Equal(ExpressionType.RegularExpression, expression.Kind);
        Assert.Equal(["Ann", "12"], expression.Match("Ann pays 12 euro")!);
        Assert.Null(expression.Match("Ann pays 12 euros now"));
    }

    [Theory]
    [InlineData(@"I pay (\d+)", true)]
    [InlineData("the registrant (.*) arrives", true)]
    [InlineData("I pay {int}", false)]
    [InlineData("I have {int} seat(s)", false)]
    public void Unanchored_regex_constructs_are_recognised(string expression, bool isRegex) =>
        Assert.Equal(isRegex, StepExpression.LooksLikeRegex(expression));

    [Fact]
    public void An_unanchored_regex_still_has_to_match_the_whole_text()
    {
        var expression = StepExpression.Compile(@"I pay (\d+)");
        Assert.Null(expression.Match("I pay 12 now"));
        Assert.Equal(["12"], expression.Match("I pay 12")!);
    }

    [Fact]
    public void A_custom_parameter_type_must_be_named_after_the_method_parameter_type()
    {
        var guid = StepExpression.Compile("order {Guid} exists", parameterTypes: [typeof(Guid)]);
        Assert.Equal(["5c9c4e3b-3b87-4ac1-9d4e-5f0e5c3b2a10"], guid.Match("order 5c9c4e3b-3b87-4ac1-9d4e-5f0e5c3b2a10 exists")!);

        var typo = Assert.Throws<StepExpressionException>(() => StepExpression.Compile("the name is {strnig}", parameterTypes: [typeof(string)]));
        Assert.Contains("{strnig}", typo.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a {int thing")]
    [InlineData("a (thing")]
    [InlineData("a/ thing")]
    public void Malformed_expressions_are_rejected_with_the_expression_in_the_message(string expression)
    {
        var error = Assert.Throws<StepExpressionException>(() => StepExpression.Compile(expression, ExpressionType.CucumberExpression));
        Assert.Contains(expression, error.Message, StringComparison.Ordinal);
    }
}
