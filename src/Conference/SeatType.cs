namespace Conference;

/// <summary>A kind of seat of a conference, with its price and quota (the number of seats for sale).</summary>
public sealed class SeatType
{
    public const int NameMaxLength = 70;
    public const int DescriptionMaxLength = 250;
    public const int MaxQuantity = 100_000;
    public const decimal MaxPrice = 50_000m;

    public Guid Id { get; internal set; }

    public Guid ConferenceId { get; internal set; }

    public string Name { get; internal set; } = string.Empty;

    public string Description { get; internal set; } = string.Empty;

    public decimal Price { get; internal set; }

    public int Quantity { get; internal set; }

    /// <summary>Where the seat type comes in its conference's list: the order the business customer created them in (1, 2, …).</summary>
    public int Position { get; internal set; }

    public SeatTypeDetails Details => new(Name, Description, Price, Quantity);
}
