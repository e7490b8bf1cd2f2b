using Infrastructure.Messaging;

namespace WaitingList.Contracts.Commands;

/// <summary>A command to the waiting list of one seat type of one conference.</summary>
public interface IWaitingListCommand : ICommand
{
    Guid ConferenceId { get; }

    Guid SeatType { get; }
}
