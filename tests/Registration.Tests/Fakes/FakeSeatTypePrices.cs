using Registration.Pricing;

namespace Registration.Tests.Fakes;

public sealed class FakeSeatTypePrices : ISeatTypePriceSource
{
    private readonly Dictionary<Guid, List<SeatTypePrice>> prices = [];

    public FakeSeatTypePrices Add(Guid conferenceId, Guid seatTypeId, string name, decimal price)
    {
        (prices.TryGetValue(conferenceId, out var list) ? list : prices[conferenceId] = []).Add(new SeatTypePrice(seatTypeId, name, price));
        return this;
    }

    public Task<IReadOnlyList<SeatTypePrice>> GetSeatTypePricesAsync(Guid conferenceId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SeatTypePrice>>(prices.TryGetValue(conferenceId, out var list) ? list.ToList() : []);
}
