using Infrastructure.Messaging;

namespace Payments.Contracts.Commands;

/// <summary>Starts a payment through the third-party processor; PaymentSourceId is what is paid for (the order id).</summary>
public sealed record InitiateThirdPartyProcessorPayment(Guid PaymentId, Guid PaymentSourceId, Guid ConferenceId, string Description, decimal TotalAmount, IReadOnlyList<PaymentItem> Items) : ICommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
