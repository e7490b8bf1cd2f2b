namespace Registration.Contracts.Commands;

/// <summary>Returns the seats of a reservation to the available pool.</summary>
public sealed record CancelSeatReservation(Guid ConferenceId, Guid ReservationId) : ISeatsAvailabilityCommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
