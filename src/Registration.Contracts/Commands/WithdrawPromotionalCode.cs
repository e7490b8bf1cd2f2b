using Discounts.Contracts;
using Infrastructure.Messaging;

namespace Registration.Contracts.Commands;

/// <summary>Discounts gave the order no use of a code it had accepted (used up, expired): the order is priced without it.</summary>
public sealed record WithdrawPromotionalCode(Guid OrderId, Guid PromotionalCodeId, PromotionalCodeRefusal Reason) : ICommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
