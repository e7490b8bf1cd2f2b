using Infrastructure.Messaging;

namespace Registration.Contracts.Commands;

/// <summary>Discounts holds a use of a limited code for the order.</summary>
public sealed record MarkPromotionalCodeHeld(Guid OrderId, Guid PromotionalCodeId) : ICommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
