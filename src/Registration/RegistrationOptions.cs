using Registration.Orders;

namespace Registration;

/// <summary>Settings of the Orders and Registrations context.</summary>
public sealed record RegistrationOptions
{
    /// <summary>The RI's buffer: long enough for a payment begun at the end of the countdown to finish.</summary>
    public static readonly TimeSpan DefaultExpirationBuffer = TimeSpan.FromMinutes(14);

    /// <summary>How long a new order's seats are held (the countdown shown to the registrant).</summary>
    public TimeSpan ReservationWindow { get; init; } = Order.ReservationAutoExpiration;

    /// <summary>
    /// How long after the countdown ends the seats are released (and a limited promotional code's use is
    /// held), so that a payment in progress can finish. Zero releases them when the countdown ends.
    /// </summary>
    public TimeSpan ExpirationBuffer { get; init; } = DefaultExpirationBuffer;
}
