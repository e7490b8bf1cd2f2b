namespace Registration.Contracts;

/// <summary>A seat of a confirmed order, by its position in the order's seat assignments.</summary>
public sealed record SeatAssignmentInfo(int Position, Guid SeatType);
