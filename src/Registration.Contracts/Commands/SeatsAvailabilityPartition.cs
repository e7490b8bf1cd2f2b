namespace Registration.Contracts.Commands;

/// <summary>
/// Partition key of the commands to one conference's seat availability, so a transport that can
/// order by partition delivers them to a single writer (SeatsAvailability is a high-contention aggregate).
/// </summary>
public static class SeatsAvailabilityPartition
{
    public static string For(Guid conferenceId) => $"SeatsAvailability_{conferenceId}";

    public static string PartitionKey(this ISeatsAvailabilityCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return For(command.ConferenceId);
    }
}
