using Infrastructure.Messaging;

namespace Discounts.Contracts.Commands;

/// <summary>The order no longer uses the code (expired, rejected, or the code was removed from it).</summary>
public sealed record ReleasePromotionalCode(Guid PromotionalCodeId, Guid OrderId) : ICommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
