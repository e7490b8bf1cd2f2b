using Conference.AcceptanceTests.Framework;

namespace Conference.AcceptanceTests.Layer;

public sealed class TableSpecs
{
    public sealed record SeatType(string Name, decimal Price, int Quota);

    public sealed class Registrant
    {
        public string FirstName { get; set; } = "";

        public string LastName { get; set; } = "";

        public int? Seats { get; set; }
    }

    private static Table SeatTypes()
    {
        var table = new Table("Name", "Price", "Quota");
        table.AddRow("Full conference", "500", "100");
        table.AddRow("Workshop", "100.50", "20");
        return table;
    }

    [Fact]
    public void Rows_are_dictionaries_by_column_name_ignoring_case()
    {
        var table = SeatTypes();
        Assert.Equal(2, table.RowCount);
        Assert.Equal("Workshop", table.Rows[1]["name"]);
        Assert.Equal(100.50m, table.Rows[1].GetValue<decimal>("Price"));
        Assert.Equal(["Name", "Price", "Quota"], table.Rows[0].Keys);
    }

    [Fact]
    public void A_missing_column_names_the_columns_there_are()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => SeatTypes().Rows[0]["Capacity"]);
        Assert.Contains("Name, Price, Quota", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateSet_fills_records_through_their_constructor() =>
        Assert.Equal(
            [new SeatType("Full conference", 500m, 100), new SeatType("Workshop", 100.50m, 20)],
            SeatTypes().CreateSet<SeatType>());

    [Fact]
    public void CreateSet_fills_properties_from_headers_with_spaces()
    {
        var table = new Table("First name", "Last name", "Seats");
        table.AddRow("Ann", "Lee", "");
        var registrant = Assert.Single(table.CreateSet<Registrant>());
        Assert.Equal(("Ann", "Lee", (int?)null), (registrant.FirstName, registrant.LastName, registrant.Seats));
    }

    [Fact]
    public void CreateInstance_reads_a_field_value_table()
    {
        var table = new Table("Field", "Value");
        table.AddRow("First name", "Ann");
        table.AddRow("Seats", "2");
        var registrant = table.CreateInstance<Registrant>();
        Assert.Equal(("Ann", 2), (registrant.FirstName, registrant.Seats));
    }

    [Fact]
    public void A_column_without_a_property_is_an_error_not_ignored()
    {
        var table = new Table("First name", "Shoe size");
        table.AddRow("Ann", "38");
        var error = Assert.Throws<InvalidOperationException>(() => table.CreateSet<Registrant>());
        Assert.Contains("Shoesize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_must_have_one_cell_per_column() =>
        Assert.Throws<ArgumentException>(() => new Table("A", "B").AddRow("only one"));
}
