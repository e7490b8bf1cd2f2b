using Registration.Contracts;
using Registration.Contracts.Events;

namespace Registration.ReadModel.Tests;

/// <summary>An order of a conference and the events of its stream.</summary>
public sealed record OrderData(Guid OrderId, Guid ConferenceId, Guid FullPass, Guid Workshop, Guid Dinner)
{
    public static readonly DateTimeOffset PlacedAt = new(2030, 4, 1, 12, 0, 0, TimeSpan.Zero);

    public const string AccessCode = "K7PQ2M";

    public static OrderData New() => new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

    public static OrderData For(ConferenceData conference) => new(Guid.NewGuid(), conference.ConferenceId, conference.FullPass, conference.Workshop, Guid.NewGuid());

    public OrderPlaced Placed(int version = 1, params SeatQuantity[] seats) =>
        Stamp(new OrderPlaced(ConferenceId, seats.Length > 0 ? seats : [new(FullPass, 3), new(Workshop, 2)], PlacedAt.AddMinutes(15), AccessCode), version);

    public OrderUpdated Updated(int version, params SeatQuantity[] seats) => Stamp(new OrderUpdated(seats), version);

    public OrderPartiallyReserved PartiallyReserved(int version, DateTimeOffset expiration, params SeatQuantity[] seats) =>
        Stamp(new OrderPartiallyReserved(expiration, seats), version);

    public OrderReservationCompleted ReservationCompleted(int version, DateTimeOffset expiration, params SeatQuantity[] seats) =>
        Stamp(new OrderReservationCompleted(expiration, seats), version);

    public OrderTotalsCalculated TotalsCalculated(int version, params OrderLine[] lines) =>
        Stamp(new OrderTotalsCalculated(lines.Sum(l => l.LineTotal), lines, lines.Sum(l => l.LineTotal) == 0m), version);

    public OrderRegistrantAssigned RegistrantAssigned(int version, string email = "reg@example.com") =>
        Stamp(new OrderRegistrantAssigned("Rita", "Registrant", email), version);

    public OrderConfirmed Confirmed(int version) => Stamp(new OrderConfirmed(), version);

    public OrderExpired Expired(int version) => Stamp(new OrderExpired(), version);

    public SeatAssignmentsCreated AssignmentsCreated(params SeatAssignmentInfo[] seats) =>
        new(OrderId, seats) { SourceId = OrderId, Version = 1 };

    public OrderLine FullPassLine(int quantity, string description = "Full pass") => new(FullPass, description, 500m, quantity, 500m * quantity);

    public OrderLine WorkshopLine(int quantity, string description = "Workshop") => new(Workshop, description, 150m, quantity, 150m * quantity);

    public OrderLine DinnerLine(int quantity, string description = "Dinner") => new(Dinner, description, 80m, quantity, 80m * quantity);

    /// <summary>
    /// The whole life of an order: placed, changed twice, partially then fully reserved, registrant
    /// changed, confirmed. Includes the events only some generators receive (the totals).
    /// </summary>
    public IReadOnlyList<object> History() =>
    [
        Placed(1),
        TotalsCalculated(2, FullPassLine(3), WorkshopLine(2)),
        Updated(3, new(FullPass, 4), new(Dinner, 1)),
        TotalsCalculated(4, FullPassLine(4), DinnerLine(1)),
        PartiallyReserved(5, PlacedAt.AddMinutes(16), new(FullPass, 2), new(Dinner, 1)),
        TotalsCalculated(6, FullPassLine(2), DinnerLine(1)),
        RegistrantAssigned(7, "first@example.com"),
        Updated(8, new(FullPass, 2), new(Workshop, 1)),
        TotalsCalculated(9, FullPassLine(2), WorkshopLine(1)),
        ReservationCompleted(10, PlacedAt.AddMinutes(18), new(FullPass, 2), new(Workshop, 1)),
        RegistrantAssigned(11, "Second@Example.com"),
        Confirmed(12),
    ];

    /// <summary>A name for a seat type of this order that is the same in every run, to sort by.</summary>
    public string Label(Guid seatType) =>
        seatType == FullPass ? "full-pass" : seatType == Workshop ? "workshop" : seatType == Dinner ? "dinner" : seatType.ToString();

    public string Anonymize(string json) =>
        json.Replace(OrderId.ToString(), "order", StringComparison.OrdinalIgnoreCase)
            .Replace(ConferenceId.ToString(), "conference", StringComparison.OrdinalIgnoreCase)
            .Replace(FullPass.ToString(), "full-pass", StringComparison.OrdinalIgnoreCase)
            .Replace(Workshop.ToString(), "workshop", StringComparison.OrdinalIgnoreCase)
            .Replace(Dinner.ToString(), "dinner", StringComparison.OrdinalIgnoreCase);

    private T Stamp<T>(T @event, int version) where T : Infrastructure.Messaging.VersionedEvent =>
        @event with { SourceId = OrderId, Version = version };
}
