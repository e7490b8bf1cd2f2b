namespace Registration.Contracts.Commands;

/// <summary>
/// Holds up to <see cref="Quantity"/> free seats of one seat type for a waiting-list offer, under
/// <see cref="OfferId"/>: the id of the order that takes the offer up. May hold fewer, or none.
/// </summary>
public sealed record MakeSeatOffer(Guid ConferenceId, Guid OfferId, Guid SeatType, int Quantity) : ISeatsAvailabilityCommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
