using Infrastructure.Messaging;

namespace Registration.Contracts.Commands;

/// <summary>Tells an order which seats were reserved for it, and until when.</summary>
public sealed record MarkSeatsAsReserved(Guid OrderId, IReadOnlyList<SeatQuantity> Seats, DateTimeOffset Expiration) : ICommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
