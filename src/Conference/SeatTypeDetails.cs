namespace Conference;

/// <summary>What a business customer enters to define or change a seat type.</summary>
public sealed record SeatTypeDetails(string Name, string Description, decimal Price, int Quantity);
