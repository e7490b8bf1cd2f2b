using Registration.Contracts;

namespace Registration.Pricing;

/// <summary>One line per seat type asked for (name, unit price, quantity, line total); the total is their sum.</summary>
public sealed class PricingService(ISeatTypePriceSource prices) : IPricingService
{
    public async Task<OrderTotal> CalculateTotalAsync(Guid conferenceId, IReadOnlyCollection<SeatQuantity> seats, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seats);
        var seatTypes = (await prices.GetSeatTypePricesAsync(conferenceId, cancellationToken)).ToDictionary(s => s.SeatTypeId);
        var lines = new List<OrderLine>();
        foreach (var seat in seats.Where(s => s.Quantity > 0))
        {
            // The read model may lag behind Conference Management: failing lets the message be retried.
            if (!seatTypes.TryGetValue(seat.SeatType, out var seatType))
            {
                throw new InvalidOperationException($"Seat type {seat.SeatType} of conference {conferenceId} has no known price.");
            }

            lines.Add(new OrderLine(seat.SeatType, seatType.Name, seatType.Price, seat.Quantity, Math.Round(seatType.Price * seat.Quantity, 2)));
        }

        return new OrderTotal(lines.Sum(l => l.LineTotal), lines);
    }
}
