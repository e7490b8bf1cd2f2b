using Infrastructure;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using WaitingList.Contracts;
using WaitingList.Contracts.Commands;

namespace WaitingList.Handlers;

/// <summary>Runs the registrants' commands and the offer expiry on the waiting list of a seat type; the command id travels as the events' correlation id.</summary>
public sealed class WaitingListCommandHandler(IEventSourcedRepository<SeatTypeWaitingList> repository, TimeProvider clock) :
    ICommandHandler<JoinWaitingList>,
    ICommandHandler<LeaveWaitingList>,
    ICommandHandler<ExpireWaitingListOffer>
{
    public async Task HandleAsync(JoinWaitingList command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var list = await repository.FindAsync(WaitingListIds.For(command.ConferenceId, command.SeatType), cancellationToken)
            ?? SeatTypeWaitingList.Open(command.ConferenceId, command.SeatType);
        list.Join(command.ConferenceId, command.SeatType, command.EntryId, command.Name, command.Email, command.Seats, clock.GetUtcNow());
        await repository.SaveAsync(list, command.Id.ToString(), cancellationToken);
    }

    public async Task HandleAsync(LeaveWaitingList command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var list = await repository.FindAsync(WaitingListIds.For(command.ConferenceId, command.SeatType), cancellationToken)
            ?? throw new BusinessRuleViolationException($"Entry {command.EntryId} is not on this waiting list.");
        list.Leave(command.EntryId);
        await repository.SaveAsync(list, command.Id.ToString(), cancellationToken);
    }

    public async Task HandleAsync(ExpireWaitingListOffer command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var list = await repository.FindAsync(WaitingListIds.For(command.ConferenceId, command.SeatType), cancellationToken);
        if (list is not null)
        {
            list.ExpireOffer(command.OfferId);
            await repository.SaveAsync(list, command.Id.ToString(), cancellationToken);
        }
    }
}
