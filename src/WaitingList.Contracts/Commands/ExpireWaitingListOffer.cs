namespace WaitingList.Contracts.Commands;

/// <summary>Sent delayed by the offer window when an offer is made: an offer not taken up by then passes on.</summary>
public sealed record ExpireWaitingListOffer(Guid ConferenceId, Guid SeatType, Guid OfferId) : IWaitingListCommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
