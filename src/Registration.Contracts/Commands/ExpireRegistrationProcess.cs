using Infrastructure.Messaging;

namespace Registration.Contracts.Commands;

/// <summary>Sent by the registration process to itself, delayed, to release the seats of an order that was not completed in time.</summary>
public sealed record ExpireRegistrationProcess(Guid ProcessId) : ICommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
