namespace Registration.ReadModel;

/// <summary>The seats of a confirmed order and their attendees (the seat-assignments document in blob storage).</summary>
public sealed record OrderSeats(Guid AssignmentsId, Guid OrderId, int Version, IReadOnlyList<OrderSeat> Seats);
