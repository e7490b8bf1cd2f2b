using Registration.Contracts;

namespace Registration.ReadModel;

/// <summary>One purchased seat; <see cref="Attendee"/> is null until someone is assigned to it.</summary>
public sealed record OrderSeat(int Position, Guid SeatType, string SeatName, PersonalInfo? Attendee);
