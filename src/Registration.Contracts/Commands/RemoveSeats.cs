namespace Registration.Contracts.Commands;

/// <summary>Decreases the capacity of a seat type.</summary>
public sealed record RemoveSeats(Guid ConferenceId, Guid SeatType, int Quantity) : ISeatsAvailabilityCommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
