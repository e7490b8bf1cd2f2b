using Infrastructure.Messaging;

namespace Registration.Contracts.Commands;

/// <summary>A command to the SeatsAvailability aggregate of one conference (its id is the conference id).</summary>
public interface ISeatsAvailabilityCommand : ICommand
{
    Guid ConferenceId { get; }
}
