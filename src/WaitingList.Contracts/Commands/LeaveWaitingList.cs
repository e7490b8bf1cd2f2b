namespace WaitingList.Contracts.Commands;

/// <summary>The registrant leaves the waiting list (or declines its offer): seats held for them go to the next in line.</summary>
public sealed record LeaveWaitingList(Guid ConferenceId, Guid SeatType, Guid EntryId) : IWaitingListCommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
