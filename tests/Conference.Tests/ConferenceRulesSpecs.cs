using Conference.Contracts;
using Infrastructure;

namespace Conference.Tests;

/// <summary>Input rules and access codes, without a database.</summary>
public sealed class ConferenceRulesSpecs
{
    private static readonly DateTimeOffset Start = new(2030, 5, 20, 9, 0, 0, TimeSpan.FromHours(2));

    private static ConferenceDetails Details() =>
        new(" CQRS Summit ", "Talks.", "Redmond", " ", null, " CQRS-Summit ", Start, Start.AddDays(1));

    [Fact]
    public void when_details_are_normalised_then_text_is_trimmed_blank_optionals_are_null_the_slug_is_lower_case_and_dates_are_utc()
    {
        var details = ConferenceRules.Normalize(Details());

        Assert.Equal(("CQRS Summit", "cqrs-summit", (string?)null), (details.Name, details.Slug, details.Tagline));
        Assert.Equal(TimeSpan.Zero, details.StartDate.Offset);
        Assert.Equal(Start, details.StartDate);
    }

    [Fact]
    public void when_a_rule_of_conference_management_is_broken_then_the_refusal_is_a_business_rule_violation()
    {
        var ex = Assert.Throws<ConferenceValidationException>(() => ConferenceRules.Normalize(Details() with { Name = "" }));

        // Retrying cannot change the answer, wherever the refusal is met.
        Assert.IsAssignableFrom<BusinessRuleViolationException>(ex);
        Assert.IsAssignableFrom<BusinessRuleViolationException>(new ConferencePublishedException("published"));
        Assert.IsAssignableFrom<BusinessRuleViolationException>(DuplicateSlugException.For("cqrs-summit"));
    }

    [Theory]
    [InlineData("Name")]
    [InlineData("Description")]
    [InlineData("Location")]
    [InlineData("Slug")]
    public void when_a_required_field_is_blank_then_the_validation_names_it(string field)
    {
        var details = field switch
        {
            "Name" => Details() with { Name = "" },
            "Description" => Details() with { Description = " " },
            "Location" => Details() with { Location = null! },
            _ => Details() with { Slug = "  " },
        };

        var ex = Assert.Throws<ConferenceValidationException>(() => ConferenceRules.Normalize(details));

        Assert.Equal(field, ex.MemberName);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("-leading-dash")]
    [InlineData("slash/")]
    [InlineData("ümlaut")]
    public void when_a_slug_is_not_url_safe_then_it_is_rejected(string slug)
    {
        var ex = Assert.Throws<ConferenceValidationException>(() => ConferenceRules.Normalize(Details() with { Slug = slug }));

        Assert.Equal(nameof(ConferenceDetails.Slug), ex.MemberName);
    }

    [Fact]
    public void when_a_field_is_longer_than_its_column_then_it_is_rejected()
    {
        var ex = Assert.Throws<ConferenceValidationException>(() =>
            ConferenceRules.Normalize(Details() with { Name = new string('x', ConferenceInfo.NameMaxLength + 1) }));

        Assert.Equal(nameof(ConferenceDetails.Name), ex.MemberName);
    }

    [Fact]
    public void when_the_conference_ends_on_the_day_it_starts_then_it_is_valid_but_one_ending_earlier_is_not()
    {
        ConferenceRules.Normalize(Details() with { EndDate = Start });

        var ex = Assert.Throws<ConferenceValidationException>(() => ConferenceRules.Normalize(Details() with { EndDate = Start.AddMinutes(-1) }));
        Assert.Equal(nameof(ConferenceDetails.EndDate), ex.MemberName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-email")]
    [InlineData("Ada <ada@contoso.com>")]
    public void when_the_owner_email_is_not_an_address_then_it_is_rejected(string email)
    {
        var ex = Assert.Throws<ConferenceValidationException>(() => ConferenceRules.Normalize(new Owner("Ada", email)));

        Assert.Equal("OwnerEmail", ex.MemberName);
    }

    [Theory]
    [InlineData(-1, 10, "Price")]
    [InlineData(10.005, 10, "Price")]
    [InlineData(50_000.01, 10, "Price")]
    [InlineData(10, -1, "Quantity")]
    [InlineData(10, 100_001, "Quantity")]
    public void when_a_seat_type_price_or_quota_is_out_of_range_then_it_is_rejected(double price, int quantity, string field)
    {
        var ex = Assert.Throws<ConferenceValidationException>(() => ConferenceRules.Normalize(new SeatTypeDetails("General", "Admission", (decimal)price, quantity)));

        Assert.Equal(field, ex.MemberName);
    }

    [Fact]
    public void when_a_seat_type_is_free_with_no_quota_then_it_is_valid()
    {
        Assert.Equal(new SeatTypeDetails("Press", "Press pass", 0m, 0), ConferenceRules.Normalize(new SeatTypeDetails(" Press ", "Press pass", 0m, 0)));
    }

    [Fact]
    public void when_access_codes_are_generated_then_they_are_six_unambiguous_characters_and_do_not_repeat()
    {
        var codes = Enumerable.Range(0, 2_000).Select(_ => ConferenceAccessCode.Generate()).ToList();

        Assert.All(codes, c => Assert.Matches("^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$", c));
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void when_an_access_code_is_typed_back_in_lower_case_with_spaces_then_it_normalises_to_the_stored_form()
    {
        Assert.Equal("AB3CD4", ConferenceAccessCode.Normalize("  ab3cd4 "));
    }
}
