namespace Registration.Contracts.Commands;

/// <summary>Reserves seats for a reservation (the order id), replacing what it held before; may reserve fewer than asked.</summary>
public sealed record MakeSeatReservation(Guid ConferenceId, Guid ReservationId, IReadOnlyList<SeatQuantity> Seats) : ISeatsAvailabilityCommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
