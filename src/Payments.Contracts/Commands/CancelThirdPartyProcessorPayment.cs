using Infrastructure.Messaging;

namespace Payments.Contracts.Commands;

/// <summary>The payer cancelled, or the processor rejected the payment.</summary>
public sealed record CancelThirdPartyProcessorPayment(Guid PaymentId) : ICommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
