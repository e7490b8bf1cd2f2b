namespace Registration.Contracts.Commands;

/// <summary>Increases the capacity of a seat type.</summary>
public sealed record AddSeats(Guid ConferenceId, Guid SeatType, int Quantity) : ISeatsAvailabilityCommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
