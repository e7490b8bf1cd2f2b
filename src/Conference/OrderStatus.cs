namespace Conference;

public enum OrderStatus
{
    /// <summary>Placed; seats held while the registrant pays.</summary>
    Pending = 0,

    /// <summary>Paid, or confirmed free of charge.</summary>
    Confirmed = 1,

    /// <summary>Rejected or its reservation ran out; its seats went back on sale.</summary>
    Expired = 2,
}
