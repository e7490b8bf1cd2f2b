using Microsoft.EntityFrameworkCore;
using Registration.ReadModel.Implementation;

namespace Registration.ReadModel;

/// <summary>"The read model of order <paramref name="OrderId"/> changed", line <paramref name="Sequence"/> of the feed.</summary>
public sealed record OrderChange(long Sequence, Guid OrderId);

/// <summary>
/// The order change feed the read-model generators write in the transactions of their writes
/// (see <see cref="ConferenceRegistrationDbContext"/>): read by the public site to tell the pages that
/// wait for an order, pruned by the processor.
/// </summary>
public sealed class OrderChangeFeed(IDbContextFactory<ConferenceRegistrationDbContext> contexts)
{
    /// <summary>The last sequence written so far; 0 when the feed is empty.</summary>
    public async Task<long> LatestSequenceAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.OrderChanges.MaxAsync(c => (long?)c.Sequence, cancellationToken) ?? 0;
    }

    /// <summary>Up to <paramref name="limit"/> changes after <paramref name="sequence"/>, oldest first.</summary>
    public async Task<IReadOnlyList<OrderChange>> ReadAfterAsync(long sequence, int limit, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.OrderChanges.AsNoTracking()
            .Where(c => c.Sequence > sequence)
            .OrderBy(c => c.Sequence)
            .Take(limit)
            .Select(c => new OrderChange(c.Sequence, c.OrderId))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The first change of <paramref name="orderId"/> after <paramref name="sequence"/>, if there is one.</summary>
    public async Task<OrderChange?> FindChangeAfterAsync(Guid orderId, long sequence, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.OrderChanges.AsNoTracking()
            .Where(c => c.OrderId == orderId && c.Sequence > sequence)
            .OrderBy(c => c.Sequence)
            .Select(c => new OrderChange(c.Sequence, c.OrderId))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Deletes the changes recorded before <paramref name="before"/>; how many.</summary>
    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var cutoff = before.ToUnixTimeMilliseconds();
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.OrderChanges.Where(c => c.RecordedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
