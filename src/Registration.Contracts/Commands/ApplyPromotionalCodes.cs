using Infrastructure.Messaging;

namespace Registration.Contracts.Commands;

/// <summary>The promotional codes the registrant entered for an order, in the order entered; replaces those entered before.</summary>
public sealed record ApplyPromotionalCodes(Guid OrderId, IReadOnlyList<string> Codes) : ICommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
