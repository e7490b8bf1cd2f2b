namespace Registration.ReadModel;

/// <summary>Seats of one type: how many the registrant asked for and how many are reserved.</summary>
public sealed record DraftOrderItem(Guid SeatType, int RequestedSeats, int ReservedSeats);
