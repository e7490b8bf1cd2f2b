using Infrastructure.Messaging;

namespace Discounts.Contracts.Commands;

/// <summary>Holds one use of a limited code for an order until its reservation ends.</summary>
public sealed record HoldPromotionalCode(Guid PromotionalCodeId, Guid OrderId, DateTimeOffset Until) : ICommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
