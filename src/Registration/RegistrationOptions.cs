using Registration.Orders;

namespace Registration;

/// <summary>Settings of the Orders and Registrations context.</summary>
public sealed record RegistrationOptions
{
    /// <summary>How long a new order's seats are held (the countdown shown to the registrant).</summary>
    public TimeSpan ReservationWindow { get; init; } = Order.ReservationAutoExpiration;
}
