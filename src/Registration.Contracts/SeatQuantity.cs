namespace Registration.Contracts;

/// <summary>A number of seats of one seat type.</summary>
public sealed record SeatQuantity(Guid SeatType, int Quantity);
