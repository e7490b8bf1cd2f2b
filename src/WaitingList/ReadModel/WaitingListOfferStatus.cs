namespace WaitingList.ReadModel;

/// <summary>What became of an offer.</summary>
public static class WaitingListOfferStatus
{
    public const string Offered = "Offered";
    public const string Taken = "Taken";
    public const string Expired = "Expired";
    public const string Declined = "Declined";
}
