using Conference.AcceptanceTests.Framework;

namespace Conference.AcceptanceTests.Layer;

public sealed class ArgumentConversionSpecs
{
    public enum SeatKind
    {
        FullPrice,
        Workshop,
    }

    [Fact]
    public void Numbers_use_the_invariant_culture()
    {
        Assert.Equal(199.50m, StepArgumentConverter.Convert("199.50", typeof(decimal)));
        Assert.Equal(-3, StepArgumentConverter.Convert(" -3 ", typeof(int)));
        Assert.Equal(2.5d, StepArgumentConverter.Convert("2.5", typeof(double)));
    }

    [Theory]
    [InlineData("Full price", SeatKind.FullPrice)]
    [InlineData("workshop", SeatKind.Workshop)]
    public void Enums_read_prose(string text, SeatKind expected) =>
        Assert.Equal(expected, StepArgumentConverter.Convert(text, typeof(SeatKind)));

    [Theory]
    [InlineData("yes", true)]
    [InlineData("False", false)]
    public void Booleans_take_yes_and_no(string text, bool expected) =>
        Assert.Equal(expected, StepArgumentConverter.Convert(text, typeof(bool)));

    [Fact]
    public void Nullable_targets_take_empty_as_null()
    {
        Assert.Null(StepArgumentConverter.Convert("", typeof(int?)));
        Assert.Equal(4, StepArgumentConverter.Convert("4", typeof(int?)));
    }

    [Fact]
    public void Dates_guids_and_spans_parse()
    {
        Assert.Equal(new DateOnly(2026, 3, 14), StepArgumentConverter.Convert("2026-03-14", typeof(DateOnly)));
        Assert.Equal(TimeSpan.FromMinutes(15), StepArgumentConverter.Convert("00:15:00", typeof(TimeSpan)));
        var id = Guid.NewGuid();
        Assert.Equal(id, StepArgumentConverter.Convert(id.ToString(), typeof(Guid)));
    }

    [Fact]
    public void A_bad_value_names_the_text_and_the_type()
    {
        var error = Assert.Throws<FormatException>(() => StepArgumentConverter.Convert("lots", typeof(int)));
        Assert.Contains("'lots'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Int32", error.Message, StringComparison.Ordinal);
    }
}
