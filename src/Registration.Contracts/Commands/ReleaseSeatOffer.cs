namespace Registration.Contracts.Commands;

/// <summary>Returns the seats of a waiting-list offer to the pool, unless an order has already taken the offer up.</summary>
public sealed record ReleaseSeatOffer(Guid ConferenceId, Guid OfferId) : ISeatsAvailabilityCommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
