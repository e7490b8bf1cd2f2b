namespace Registration.ReadModel.Implementation;

/// <summary>A seat type of a conference: what Conference Management says about it, and what is still available.</summary>
public sealed class SeatTypeView
{
    public Guid Id { get; set; }

    public Guid ConferenceId { get; set; }

    public required string Name { get; set; }

    public required string Description { get; set; }

    public decimal Price { get; set; }

    /// <summary>The quota set by the business customer; the capacity sent to SeatsAvailability so far.</summary>
    public int Quantity { get; set; }

    /// <summary>The conference's sequence number when the seat type was created: seat types are listed in creation order.</summary>
    public int Position { get; set; }

    /// <summary>Seats not reserved nor sold, summed from the SeatsAvailability events.</summary>
    public int AvailableQuantity { get; set; }
}
