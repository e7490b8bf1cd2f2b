namespace Registration.ReadModel.Implementation;

/// <summary>One priced line, with the seat type description as it was when the order was priced.</summary>
public sealed class PricedOrderLineView
{
    public Guid OrderId { get; set; }

    public int Position { get; set; }

    public Guid SeatType { get; set; }

    public required string Description { get; set; }

    public decimal UnitPrice { get; set; }

    public int Quantity { get; set; }

    public decimal LineTotal { get; set; }
}
