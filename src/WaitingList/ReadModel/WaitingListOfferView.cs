namespace WaitingList.ReadModel;

/// <summary>Seats offered to an entry: the order that takes them up has the offer's id.</summary>
public sealed class WaitingListOfferView
{
    public Guid OfferId { get; set; }

    public Guid ListId { get; set; }

    public Guid EntryId { get; set; }

    public int Seats { get; set; }

    public DateTimeOffset OfferedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary><see cref="WaitingListOfferStatus"/>.</summary>
    public required string Status { get; set; }
}
