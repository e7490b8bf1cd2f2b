namespace Payments;

/// <summary>One line shown to the payment processor.</summary>
public sealed class ThirdPartyProcessorPaymentItem
{
    public ThirdPartyProcessorPaymentItem(string description, decimal amount)
    {
        Id = Guid.NewGuid();
        Description = description;
        Amount = amount;
    }

    // For the persistence mapping.
    private ThirdPartyProcessorPaymentItem()
    {
        Description = string.Empty;
    }

    public Guid Id { get; private set; }

    public string Description { get; private set; }

    public decimal Amount { get; private set; }
}
