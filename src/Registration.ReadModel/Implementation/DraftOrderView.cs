namespace Registration.ReadModel.Implementation;

/// <summary>
/// An order while the registrant is building it. Each group of fields remembers the version of the
/// order event that last set it, so an event applies to a group only when it is newer: the result is
/// the same whatever order the events arrive in (the generator does not receive every order event).
/// </summary>
public sealed class DraftOrderView
{
    public Guid OrderId { get; set; }

    public Guid ConferenceId { get; set; }

    public required string AccessCode { get; set; }

    public DraftOrderState State { get; set; }

    public int StateVersion { get; set; }

    /// <summary>Version of the event that last set the seats asked for (OrderPlaced, OrderUpdated).</summary>
    public int RequestedVersion { get; set; }

    /// <summary>Version of the event that last set the seats reserved.</summary>
    public int ReservedVersion { get; set; }

    public DateTimeOffset ReservationExpirationDate { get; set; }

    public int ExpirationVersion { get; set; }

    public string? RegistrantFirstName { get; set; }

    public string? RegistrantLastName { get; set; }

    public string? RegistrantEmail { get; set; }

    /// <summary>The email upper-cased, so locating an order ignores the case the registrant types it in.</summary>
    public string? RegistrantEmailLookup { get; set; }

    public int RegistrantVersion { get; set; }

    /// <summary>The highest order event version applied.</summary>
    public int OrderVersion { get; set; }

    /// <summary>Bumped by every change; the optimistic concurrency token.</summary>
    public int ConcurrencyStamp { get; set; }

    public List<DraftOrderItemView> Lines { get; } = [];
}
