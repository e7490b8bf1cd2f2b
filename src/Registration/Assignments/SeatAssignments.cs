using Infrastructure;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Registration.Contracts;
using Registration.Contracts.Events;

namespace Registration.Assignments;

/// <summary>
/// The attendees of the seats of a confirmed order (the book's "Registration aggregate"); it shares
/// the order's id and has one position per purchased seat.
/// </summary>
public sealed class SeatAssignments : EventSourced, IEventSourcedFactory<SeatAssignments>
{
    private readonly Dictionary<int, Seat> seats = [];

    private SeatAssignments(Guid id)
        : base(id)
    {
        Handles<SeatAssignmentsCreated>(When);
        Handles<SeatAssigned>(When);
        Handles<SeatUnassigned>(When);
        Handles<SeatAssignmentUpdated>(When);
    }

    public SeatAssignments(Guid orderId, IEnumerable<SeatQuantity> seats)
        : this(orderId)
    {
        ArgumentNullException.ThrowIfNull(seats);
        var positions = seats
            .SelectMany(s => Enumerable.Repeat(s.SeatType, Math.Max(s.Quantity, 0)))
            .Select((seatType, position) => new SeatAssignmentInfo(position, seatType))
            .ToArray();
        Raise(new SeatAssignmentsCreated(orderId, positions));
    }

    public static SeatAssignments Rehydrate(Guid id, IEnumerable<IVersionedEvent> history)
    {
        var assignments = new SeatAssignments(id);
        assignments.LoadFrom(history);
        return assignments;
    }

    /// <summary>
    /// A new email takes the seat (the previous attendee, if any, is unassigned first); the same email
    /// with another name updates the attendee; the same details again change nothing.
    /// </summary>
    public void AssignSeat(int position, PersonalInfo attendee)
    {
        ArgumentNullException.ThrowIfNull(attendee);
        if (!EmailAddress.IsValid(attendee.Email))
        {
            throw new BusinessRuleViolationException($"'{attendee.Email}' is not a valid email address.");
        }

        var current = SeatAt(position);
        if (!string.Equals(attendee.Email, current.Attendee?.Email, StringComparison.OrdinalIgnoreCase))
        {
            if (current.Attendee is not null)
            {
                Raise(new SeatUnassigned(position));
            }

            Raise(new SeatAssigned(position, current.SeatType, attendee));
        }
        else if (!string.Equals(attendee.FirstName, current.Attendee?.FirstName, StringComparison.Ordinal)
            || !string.Equals(attendee.LastName, current.Attendee?.LastName, StringComparison.Ordinal))
        {
            Raise(new SeatAssignmentUpdated(position, attendee));
        }
    }

    public void Unassign(int position)
    {
        if (SeatAt(position).Attendee is not null)
        {
            Raise(new SeatUnassigned(position));
        }
    }

    private Seat SeatAt(int position) =>
        seats.TryGetValue(position, out var seat)
            ? seat
            : throw new BusinessRuleViolationException($"Seat assignments {Id} have no position {position}.");

    private void When(SeatAssignmentsCreated e)
    {
        foreach (var seat in e.Seats)
        {
            seats[seat.Position] = new Seat(seat.SeatType, null);
        }
    }

    private void When(SeatAssigned e) => seats[e.Position] = new Seat(e.SeatType, e.Attendee);

    private void When(SeatUnassigned e) => seats[e.Position] = seats[e.Position] with { Attendee = null };

    private void When(SeatAssignmentUpdated e) => seats[e.Position] = seats[e.Position] with { Attendee = e.Attendee };

    private sealed record Seat(Guid SeatType, PersonalInfo? Attendee);
}
