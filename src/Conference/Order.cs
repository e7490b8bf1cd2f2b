namespace Conference;

/// <summary>
/// Conference Management's copy of a Registration order, kept by <see cref="Handlers.OrderEventHandler"/>
/// so the business customer can see orders and attendees. Each part of the row remembers the version
/// of the event that last set it, so events can arrive in any order and any number of times.
/// </summary>
public sealed class Order
{
    public Guid Id { get; internal set; }

    /// <summary>Null until <c>OrderPlaced</c> has been seen (other events of the order may come first).</summary>
    public Guid? ConferenceId { get; internal set; }

    public string? AccessCode { get; internal set; }

    public string? RegistrantFirstName { get; internal set; }

    public string? RegistrantLastName { get; internal set; }

    public string? RegistrantEmail { get; internal set; }

    public decimal TotalAmount { get; internal set; }

    public OrderStatus Status { get; internal set; }

    /// <summary>Order stream version of the applied <c>OrderRegistrantAssigned</c> (0: none yet).</summary>
    public int RegistrantVersion { get; internal set; }

    /// <summary>Order stream version of the applied <c>OrderTotalsCalculated</c>.</summary>
    public int TotalsVersion { get; internal set; }

    /// <summary>Order stream version of the applied <c>OrderConfirmed</c> or <c>OrderExpired</c>.</summary>
    public int StatusVersion { get; internal set; }

    /// <summary>Optimistic-concurrency token: handlers racing on the same order retry instead of overwriting each other.</summary>
    public int ConcurrencyVersion { get; internal set; }

    public ICollection<OrderSeat> Seats { get; internal set; } = [];
}
