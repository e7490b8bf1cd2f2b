namespace WaitingList.ReadModel;

/// <summary>A registrant on a waiting list: who, for how many seats, since when, and where they are.</summary>
public sealed class WaitingListEntryView
{
    public Guid EntryId { get; set; }

    public Guid ListId { get; set; }

    public required string Name { get; set; }

    public required string Email { get; set; }

    public int Seats { get; set; }

    public DateTimeOffset JoinedAt { get; set; }

    /// <summary>The version of the list's stream that added the entry: the order in line.</summary>
    public int Sequence { get; set; }

    public int SeatsOffered { get; set; }

    /// <summary><see cref="WaitingListEntryStatus"/>: waiting (or holding offers), left, or out after an offer expired.</summary>
    public required string Status { get; set; }
}
