namespace Registration.ReadModel;

/// <summary>An order while the registrant builds it: what was asked for, what is reserved and until when.</summary>
public sealed record DraftOrder(
    Guid OrderId,
    Guid ConferenceId,
    DraftOrderState State,
    int OrderVersion,
    DateTimeOffset ReservationExpirationDate,
    string? RegistrantEmail,
    string AccessCode,
    IReadOnlyList<DraftOrderItem> Lines);
