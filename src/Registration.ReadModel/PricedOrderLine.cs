namespace Registration.ReadModel;

/// <summary>One line of a priced order; <see cref="Description"/> is the seat type's name when the order was priced.</summary>
public sealed record PricedOrderLine(Guid SeatType, string Description, decimal UnitPrice, int Quantity, decimal LineTotal);
