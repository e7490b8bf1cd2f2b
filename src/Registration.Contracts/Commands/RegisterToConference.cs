using Infrastructure.Messaging;

namespace Registration.Contracts.Commands;

/// <summary>Places an order, or updates the seats of an order not yet confirmed.</summary>
public sealed record RegisterToConference(Guid OrderId, Guid ConferenceId, IReadOnlyList<SeatQuantity> Seats) : ICommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
