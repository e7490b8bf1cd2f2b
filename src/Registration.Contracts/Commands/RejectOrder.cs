using Infrastructure.Messaging;

namespace Registration.Contracts.Commands;

/// <summary>Expires an order whose reservation ran out or could not be made.</summary>
public sealed record RejectOrder(Guid OrderId) : ICommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
