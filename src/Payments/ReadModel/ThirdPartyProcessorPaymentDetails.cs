namespace Payments.ReadModel;

/// <summary>What the payment page shows: the amount, what it is for and where the payment stands.</summary>
public sealed record ThirdPartyProcessorPaymentDetails(Guid Id, PaymentState State, Guid PaymentSourceId, string Description, decimal TotalAmount);
