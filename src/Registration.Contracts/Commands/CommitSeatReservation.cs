namespace Registration.Contracts.Commands;

/// <summary>Makes the seats of a reservation permanently sold.</summary>
public sealed record CommitSeatReservation(Guid ConferenceId, Guid ReservationId) : ISeatsAvailabilityCommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
