using Conference.AcceptanceTests.Framework;

namespace Conference.AcceptanceTests.Layer;

public sealed class FeatureFileSpecs
{
    private const string Outline = """"
        @feature-tag
        Feature: Seats
          Background:
            Given a conference

          Scenario Outline: Buying <quantity> seats
            When I buy <quantity> "<type>" seats
              | Type   | Quantity   |
              | <type> | <quantity> |
            Then the mail says:
              """
              You bought <quantity>.
              """

            Examples: Small
              | quantity | type     |
              | 1        | Workshop |
              | 2        | Day pass |

            @ignore
            Examples: Not yet
              | quantity | type |
              | 99       | VIP  |

          @slow
          Scenario: Plain
            Given a conference
        """";

    [Fact]
    public void Each_examples_row_is_its_own_case_with_placeholders_filled()
    {
        var cases = FeatureFile.Parse("Features/Seats.feature", Outline).Scenarios;
        Assert.Equal(
            [
                "Seats: Buying 1 seats (quantity: 1, type: Workshop)",
                "Seats: Buying 2 seats (quantity: 2, type: Day pass)",
                "Seats: Buying 99 seats (quantity: 99, type: VIP)",
                "Seats: Plain",
            ],
            cases.Select(c => c.DisplayName));
        Assert.Equal(cases.Count, cases.Select(c => c.Key).Distinct().Count());

        var second = cases[1];
        Assert.Equal(["Given a conference", "When I buy 2 \"Day pass\" seats", "Then the mail says:"], second.Steps.Select(s => s.ToString()));
        Assert.Equal("Day pass", second.Steps[1].Table!.Rows[0]["Type"]);
        Assert.Equal("You bought 2.", second.Steps[2].DocString);
        Assert.Equal(StepDefinitionType.Then, second.Steps[2].Type);
    }

    [Fact]
    public void Ignore_on_an_examples_block_skips_only_its_rows_and_tags_add_up()
    {
        var cases = FeatureFile.Parse("Features/Seats.feature", Outline).Scenarios;
        Assert.Equal([false, false, true, false], cases.Select(c => c.SkipReason is not null));
        Assert.Contains("@ignore", cases[2].SkipReason, StringComparison.Ordinal);
        Assert.Equal(["feature-tag", "slow"], cases[3].Scenario.CombinedTags);
    }

    [Fact]
    public void Ignore_on_the_feature_skips_every_scenario()
    {
        var cases = FeatureFile.Parse("F.feature", """
            @ignore
            Feature: Later
              Scenario: One
                Given a
              Scenario: Two
                Given b
            """).Scenarios;
        Assert.All(cases, c => Assert.Contains("feature is tagged @ignore", c.SkipReason, StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_gherkin_is_reported_with_its_file_and_line()
    {
        var error = Assert.Throws<FeatureFileException>(() => FeatureFile.Parse("Features/Broken.feature", """
            Feature: Broken
              Scenario: S
                Given a step
                this line is not Gherkin
            """));
        Assert.Contains("Features/Broken.feature", error.Message, StringComparison.Ordinal);
        Assert.Contains("(4:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_with_a_repeated_column_is_reported_with_its_file_and_line()
    {
        var error = Assert.Throws<FeatureFileException>(() => FeatureFile.Parse("Features/Twice.feature", """
            Feature: Twice
              Scenario: S
                Given these rows:
                  | Name | name |
                  | a    | b    |
            """));
        Assert.Contains("Features/Twice.feature:3", error.Message, StringComparison.Ordinal);
        Assert.Contains("appears twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_finds_its_case_again_and_a_stale_key_says_so()
    {
        var feature = FeatureFile.Parse("Features/Seats.feature", Outline);
        Assert.Equal("Seats: Plain", feature.Find(feature.Scenarios[3].Key).DisplayName);
        Assert.Throws<FeatureFileException>(() => feature.Find("L999"));
    }
}
