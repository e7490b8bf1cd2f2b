using Infrastructure.Messaging;

namespace Registration.Contracts.Commands;

/// <summary>Confirms an order, once paid or when free of charge (legacy name ConfirmOrderPayment).</summary>
public sealed record ConfirmOrder(Guid OrderId) : ICommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
