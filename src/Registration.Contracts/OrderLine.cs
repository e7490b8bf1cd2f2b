namespace Registration.Contracts;

/// <summary>One priced line of an order: the seats of one seat type.</summary>
public sealed record OrderLine(Guid SeatType, string Description, decimal UnitPrice, int Quantity, decimal LineTotal);
