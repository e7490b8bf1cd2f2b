namespace Registration.Pricing;

/// <summary>The price of a seat type as Registration knows it from its own read model.</summary>
public sealed record SeatTypePrice(Guid SeatTypeId, string Name, decimal Price);
