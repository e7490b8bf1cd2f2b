using Infrastructure.Messaging;

namespace Discounts.Contracts.Commands;

/// <summary>The order using the code was confirmed: its use is consumed for good.</summary>
public sealed record RedeemPromotionalCode(Guid PromotionalCodeId, Guid OrderId) : ICommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
