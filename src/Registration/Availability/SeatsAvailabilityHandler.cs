using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Registration.Contracts.Commands;

namespace Registration.Availability;

/// <summary>
/// Runs the commands of a conference's SeatsAvailability, creating it on first use. The command id
/// is saved as the correlation id of the events: the process manager matches SeatsReserved by it.
/// </summary>
public sealed class SeatsAvailabilityHandler(IEventSourcedRepository<SeatsAvailability> repository) :
    ICommandHandler<MakeSeatReservation>,
    ICommandHandler<CancelSeatReservation>,
    ICommandHandler<CommitSeatReservation>,
    ICommandHandler<AddSeats>,
    ICommandHandler<RemoveSeats>,
    ICommandHandler<MakeSeatOffer>,
    ICommandHandler<ReleaseSeatOffer>
{
    public Task HandleAsync(MakeSeatReservation command, CancellationToken cancellationToken) =>
        ApplyAsync(command, availability => availability.MakeReservation(command.ReservationId, command.Seats), cancellationToken);

    public Task HandleAsync(CancelSeatReservation command, CancellationToken cancellationToken) =>
        ApplyAsync(command, availability => availability.CancelReservation(command.ReservationId), cancellationToken);

    public Task HandleAsync(CommitSeatReservation command, CancellationToken cancellationToken) =>
        ApplyAsync(command, availability => availability.CommitReservation(command.ReservationId), cancellationToken);

    public Task HandleAsync(AddSeats command, CancellationToken cancellationToken) =>
        ApplyAsync(command, availability => availability.AddSeats(command.SeatType, command.Quantity), cancellationToken);

    public Task HandleAsync(RemoveSeats command, CancellationToken cancellationToken) =>
        ApplyAsync(command, availability => availability.RemoveSeats(command.SeatType, command.Quantity), cancellationToken);

    public Task HandleAsync(MakeSeatOffer command, CancellationToken cancellationToken) =>
        ApplyAsync(command, availability => availability.MakeOffer(command.OfferId, command.SeatType, command.Quantity), cancellationToken);

    public Task HandleAsync(ReleaseSeatOffer command, CancellationToken cancellationToken) =>
        ApplyAsync(command, availability => availability.ReleaseOffer(command.OfferId), cancellationToken);

    private async Task ApplyAsync(ISeatsAvailabilityCommand command, Action<SeatsAvailability> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var availability = await repository.FindAsync(command.ConferenceId, cancellationToken)
            ?? new SeatsAvailability(command.ConferenceId);
        change(availability);
        await repository.SaveAsync(availability, command.Id.ToString(), cancellationToken);
    }
}
