namespace Registration.ReadModel;

/// <summary>
/// An order while the registrant builds it: what was asked for, what is reserved and until when, and
/// the registrant's details once given (so a page shown again, after a rejected payment say, keeps them).
/// </summary>
public sealed record DraftOrder(
    Guid OrderId,
    Guid ConferenceId,
    DraftOrderState State,
    int OrderVersion,
    DateTimeOffset ReservationExpirationDate,
    string? RegistrantEmail,
    string AccessCode,
    IReadOnlyList<DraftOrderItem> Lines,
    string? RegistrantFirstName = null,
    string? RegistrantLastName = null);
