namespace Registration.ReadModel;

/// <summary>A seat type offered for sale, with the seats still available (eventually consistent).</summary>
public sealed record SeatType(Guid Id, Guid ConferenceId, string Name, string Description, decimal Price, int Quantity, int AvailableQuantity);
