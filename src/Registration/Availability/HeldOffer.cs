namespace Registration.Availability;

/// <summary>A pending reservation that is a waiting-list offer not yet taken up, and the seat type it holds.</summary>
public sealed record HeldOffer(Guid OfferId, Guid SeatType);
