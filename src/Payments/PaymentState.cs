namespace Payments;

/// <summary>Stored values; never renumber.</summary>
public enum PaymentState
{
    Initiated = 0,
    Completed = 1,
    Rejected = 2,
}
