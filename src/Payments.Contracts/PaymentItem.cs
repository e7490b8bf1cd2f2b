namespace Payments.Contracts;

/// <summary>One item of a payment as shown to the payment processor.</summary>
public sealed record PaymentItem(string Description, decimal Amount);
