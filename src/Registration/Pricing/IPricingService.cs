using Registration.Contracts;

namespace Registration.Pricing;

public interface IPricingService
{
    /// <summary>Prices <paramref name="seats"/> at the current seat prices of the conference.</summary>
    Task<OrderTotal> CalculateTotalAsync(Guid conferenceId, IReadOnlyCollection<SeatQuantity> seats, CancellationToken cancellationToken);
}
