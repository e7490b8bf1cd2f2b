namespace WaitingList.ReadModel;

/// <summary>What became of an entry, as shown to the registrant and the business customer.</summary>
public static class WaitingListEntryStatus
{
    public const string Waiting = "Waiting";
    public const string Offered = "Offered";
    public const string Taken = "Taken";
    public const string Expired = "Expired";
    public const string Left = "Left";
}
