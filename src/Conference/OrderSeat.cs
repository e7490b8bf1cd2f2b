namespace Conference;

/// <summary>One purchased seat of an <see cref="Order"/> and its attendee, if assigned.</summary>
public sealed class OrderSeat
{
    public Guid OrderId { get; internal set; }

    /// <summary>Position in the order's seat assignments (0-based).</summary>
    public int Position { get; internal set; }

    /// <summary>Null while only events without the seat type (unassign, update) have been seen.</summary>
    public Guid? SeatTypeId { get; internal set; }

    /// <summary>The seat type's name when the seat was first seen.</summary>
    public string? SeatTypeName { get; internal set; }

    public string? AttendeeFirstName { get; internal set; }

    public string? AttendeeLastName { get; internal set; }

    public string? AttendeeEmail { get; internal set; }

    /// <summary>Seat-assignments stream version of the event that last set the attendee (0: none yet).</summary>
    public int AttendeeVersion { get; internal set; }
}
