using System.Text.Json;
using Discounts.Contracts;
using Microsoft.EntityFrameworkCore;
using Registration.Contracts;
using Registration.Pricing;

namespace Registration.ReadModel.Implementation;

/// <summary>Reads the promotional-code views; also the source the write side prices codes from (never cached: uses left change).</summary>
public sealed class PromotionalCodeDao(IDbContextFactory<ConferenceRegistrationDbContext> contexts) : IPromotionalCodeDao, IPromotionalCodeSource
{
    public async Task<OrderPromotionalCodes?> FindOrderPromotionalCodesAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await context.PricedOrderPromotionalCodes.AsNoTracking().FirstOrDefaultAsync(o => o.OrderId == orderId, cancellationToken);
        return row is null ? null : new OrderPromotionalCodes(JsonSerializer.Deserialize<List<PromotionalCodeOutcome>>(row.Codes) ?? [], row.Version);
    }

    public async Task<IReadOnlyList<PromotionalCodeSummary>> GetPromotionalCodesAsync(Guid conferenceId, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await context.PromotionalCodes.AsNoTracking().Where(c => c.ConferenceId == conferenceId).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(c => c.Code, StringComparer.Ordinal).Select(Summary)];
    }

    public async Task<PromotionalCodeSummary?> FindPromotionalCodeAsync(Guid conferenceId, string code, CancellationToken cancellationToken)
    {
        var row = await FindRowAsync(conferenceId, code, cancellationToken);
        return row is null ? null : Summary(row);
    }

    async Task<KnownPromotionalCode?> IPromotionalCodeSource.FindAsync(Guid conferenceId, string code, CancellationToken cancellationToken)
    {
        var row = await FindRowAsync(conferenceId, code, cancellationToken);
        return row is null
            ? null
            : new KnownPromotionalCode(new PromotionalDiscount(row.Id, row.Code, row.Kind, row.Amount, SeatTypesOf(row), row.Combining, row.Quota), row.ValidUntil, row.UsesLeft);
    }

    private async Task<PromotionalCodeView?> FindRowAsync(Guid conferenceId, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        var id = PromotionalCodeIdentity.IdOf(conferenceId, code);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.PromotionalCodes.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
    }

    private static PromotionalCodeSummary Summary(PromotionalCodeView row) =>
        new(row.Id, row.Code, row.Kind, row.Amount, SeatTypesOf(row), row.Quota, row.UsesLeft, row.Combining, row.ValidUntil);

    private static Guid[] SeatTypesOf(PromotionalCodeView row) =>
        [.. row.SeatTypes.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse)];
}
