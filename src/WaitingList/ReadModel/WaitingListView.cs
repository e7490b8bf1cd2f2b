namespace WaitingList.ReadModel;

/// <summary>The waiting list of one seat type, as of <see cref="Version"/> of its stream.</summary>
public sealed class WaitingListView
{
    public Guid Id { get; set; }

    public Guid ConferenceId { get; set; }

    public Guid SeatType { get; set; }

    public int Version { get; set; }

    public List<WaitingListEntryView> Entries { get; set; } = [];

    public List<WaitingListOfferView> Offers { get; set; } = [];
}
