namespace Registration.ReadModel.Implementation;

/// <summary>One position of a seat assignments and its attendee; <see cref="Version"/> is the event that last set it.</summary>
public sealed class SeatAssignmentView
{
    public Guid AssignmentsId { get; set; }

    public int Position { get; set; }

    public Guid SeatType { get; set; }

    public string? AttendeeFirstName { get; set; }

    public string? AttendeeLastName { get; set; }

    public string? AttendeeEmail { get; set; }

    public int Version { get; set; }
}
