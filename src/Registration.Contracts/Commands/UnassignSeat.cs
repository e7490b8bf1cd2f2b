using Infrastructure.Messaging;

namespace Registration.Contracts.Commands;

/// <summary>Removes the attendee of one seat of a confirmed order.</summary>
public sealed record UnassignSeat(Guid SeatAssignmentsId, int Position) : ICommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
