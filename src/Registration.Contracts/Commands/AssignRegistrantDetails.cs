using Infrastructure.Messaging;

namespace Registration.Contracts.Commands;

/// <summary>Records who is placing the order.</summary>
public sealed record AssignRegistrantDetails(Guid OrderId, string FirstName, string LastName, string Email) : ICommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
