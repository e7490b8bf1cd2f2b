using Registration.ReadModel;

namespace Conference.Web.Public.Models;

using ConferenceDetails = Registration.ReadModel.ConferenceDetails;
using SeatType = Registration.ReadModel.SeatType;

public sealed record ConferencePageViewModel(ConferenceDetails Conference, IReadOnlyList<SeatType> SeatTypes);

/// <summary>The seat-selection page: the seat types on sale and the form.</summary>
public sealed class SeatSelectionViewModel
{
    /// <summary>No order takes more than this many seats of one type (RI rule).</summary>
    public const int MaximumPerSeatType = 20;

    public required ConferenceAlias Conference { get; init; }

    public required IReadOnlyList<SeatSelectionLine> Lines { get; init; }

    public required SeatSelectionForm Form { get; init; }

    /// <summary>True when the registrant changes an order placed earlier.</summary>
    public bool IsUpdate { get; init; }
}

public sealed record SeatSelectionLine(Guid SeatType, string Name, string Description, decimal Price, int Available, int MaximumQuantity);

/// <summary>The registrant page: what is reserved, until when, the price, and the registrant's details form.</summary>
public sealed class RegistrantPageViewModel
{
    public required ConferenceAlias Conference { get; init; }

    public required DraftOrder Order { get; init; }

    public required PricedOrder PricedOrder { get; init; }

    public required IReadOnlyList<ReservationLine> Reservation { get; init; }

    public required RegistrantDetailsForm Form { get; init; }

    public bool PaymentRejected { get; init; }

    public bool IsPartial => Reservation.Any(l => l.Reserved < l.Requested);

    public bool NothingReserved => Reservation.All(l => l.Reserved == 0);

    public long ExpirationMilliseconds => Order.ReservationExpirationDate.ToUnixTimeMilliseconds();
}

public sealed record ReservationLine(string SeatTypeName, int Requested, int Reserved, Guid SeatType = default)
{
    /// <summary>The seats asked for that could not be reserved.</summary>
    public int Missing => Math.Max(Requested - Reserved, 0);

    /// <summary>The order's lines named, in the order of <paramref name="seatTypes"/> (the business customer's), not the order's own.</summary>
    public static IReadOnlyList<ReservationLine> For(DraftOrder order, IReadOnlyList<SeatTypeName> seatTypes)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(seatTypes);
        var position = seatTypes.Select((s, i) => (s.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var names = seatTypes.ToDictionary(s => s.Id, s => s.Name);
        return [.. order.Lines
            .OrderBy(l => position.GetValueOrDefault(l.SeatType, int.MaxValue))
            .Select(l => new ReservationLine(names.GetValueOrDefault(l.SeatType, "Seat"), l.RequestedSeats, l.ReservedSeats, l.SeatType))];
    }
}

/// <summary>A page that waits for something the system is still doing; it refreshes itself.</summary>
/// <summary>
/// A page that waits for the read model. With <paramref name="ChangesUrl"/> (the order's change stream),
/// a script reloads <paramref name="RefreshUrl"/> when told the order changed, or after
/// <paramref name="FallbackSeconds"/>; without JavaScript, or without a stream, the page reloads every 3 seconds.
/// </summary>
public sealed record PleaseWaitViewModel(string Title, string Message, string? RefreshUrl, string? ChangesUrl = null, int FallbackSeconds = 30);

public sealed record ThankYouViewModel(ConferenceAlias Conference, DraftOrder Order, PricedOrder? PricedOrder);

public sealed record PaymentPageViewModel(ConferenceAlias Conference, Payments.ReadModel.ThirdPartyProcessorPaymentDetails Payment);

public sealed record OrderPageViewModel(ConferenceAlias Conference, DraftOrder Order, PricedOrder? PricedOrder, IReadOnlyList<ReservationLine> Lines);

public sealed class SeatAssignmentsViewModel
{
    public required ConferenceAlias Conference { get; init; }

    public required Guid OrderId { get; init; }

    public required OrderSeats Seats { get; init; }

    public required SeatAssignmentsForm Form { get; init; }
}

public sealed record MessageViewModel(string Title, string Message);

public sealed record FindOrderViewModel(ConferenceAlias Conference, FindOrderForm Form);
