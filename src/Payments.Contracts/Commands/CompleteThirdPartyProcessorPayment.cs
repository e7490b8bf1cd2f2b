using Infrastructure.Messaging;

namespace Payments.Contracts.Commands;

/// <summary>The processor accepted the payment.</summary>
public sealed record CompleteThirdPartyProcessorPayment(Guid PaymentId) : ICommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
