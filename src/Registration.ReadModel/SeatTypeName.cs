namespace Registration.ReadModel;

/// <summary>A seat type's id and name, to label seats of an order.</summary>
public sealed record SeatTypeName(Guid Id, string Name);
