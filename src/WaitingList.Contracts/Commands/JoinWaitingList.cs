namespace WaitingList.Contracts.Commands;

/// <summary>A registrant (no account: a name and an email) asks to be offered <see cref="Seats"/> seats of a sold-out seat type.</summary>
public sealed record JoinWaitingList(Guid ConferenceId, Guid SeatType, Guid EntryId, string Name, string Email, int Seats) : IWaitingListCommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
