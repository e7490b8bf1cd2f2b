using Infrastructure.Messaging;

namespace Registration.Contracts.Commands;

/// <summary>Assigns an attendee to one seat of a confirmed order.</summary>
public sealed record AssignSeat(Guid SeatAssignmentsId, int Position, PersonalInfo Attendee) : ICommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
