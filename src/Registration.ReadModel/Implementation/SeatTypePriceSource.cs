using Microsoft.EntityFrameworkCore;
using Registration.Pricing;

namespace Registration.ReadModel.Implementation;

/// <summary>
/// The seat prices the PricingService uses, read from the conference view (never cached: an order is
/// priced at the latest price Registration knows). Unpublished conferences are priced too; whether
/// one may be ordered from is the site's decision.
/// </summary>
public sealed class SeatTypePriceSource(IDbContextFactory<ConferenceRegistrationDbContext> contexts) : ISeatTypePriceSource
{
    public async Task<IReadOnlyList<SeatTypePrice>> GetSeatTypePricesAsync(Guid conferenceId, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.SeatTypes.AsNoTracking()
            .Where(s => s.ConferenceId == conferenceId)
            .Select(s => new SeatTypePrice(s.Id, s.Name, s.Price))
            .ToListAsync(cancellationToken);
    }
}
