namespace Registration.ReadModel.Implementation;

/// <summary>Seats of one type asked for and reserved (the read side alone keeps what was asked for).</summary>
public sealed class DraftOrderItemView
{
    public Guid OrderId { get; set; }

    public Guid SeatType { get; set; }

    public int RequestedSeats { get; set; }

    public int ReservedSeats { get; set; }
}
