namespace Registration.ReadModel;

/// <summary>Where a registrant's order stands, as the public site shows it (stored as its number: never renumber).</summary>
public enum DraftOrderState
{
    Created = 0,
    PartiallyReserved = 1,
    ReservationCompleted = 2,
    Rejected = 3,
    Confirmed = 4,
}
