using Infrastructure.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Infrastructure.Sql.Projections;

/// <summary>
/// Projects events into one kind of EF Core row, keyed by a Guid and guarded by a concurrency token
/// (both read from the model), so that a projection only says what an event changes in the row.
/// <para>
/// For every event it loads the row; defers the event if the row it updates does not exist yet (or,
/// <see cref="ProjectionRow{TRow}.InSequence"/>, if a version before it is missing); ignores it if it is
/// already applied (the row's <see cref="ProjectionRow{TRow}.AppliedVersion"/>, or the apply function
/// changing nothing); otherwise applies it, stamps the row and saves. A save that loses a race with
/// another delivery (duplicate key, moved concurrency token) becomes a <see cref="ConcurrencyException"/>,
/// so the dispatcher handles the event again from fresh data. Duplicated and shuffled delivery thus ends
/// as in-order delivery, as long as the apply functions keep their field groups' versions.
/// </para>
/// </summary>
public sealed class EfProjection<TContext, TRow>
    where TContext : DbContext
    where TRow : class
{
    private readonly Func<CancellationToken, Task<TContext>> open;
    private readonly bool ownsContexts;
    private readonly ProjectionRow<TRow> row;
    private readonly ILogger logger;

    /// <summary>Each event gets a context of its own from <paramref name="contexts"/>.</summary>
    public EfProjection(IDbContextFactory<TContext> contexts, ProjectionRow<TRow> row, ILogger logger)
        : this(token => contexts.CreateDbContextAsync(token), ownsContexts: true, row, logger)
    {
        ArgumentNullException.ThrowIfNull(contexts);
    }

    /// <summary>Every event uses <paramref name="context"/>, the unit of work of the message (not disposed here).</summary>
    public EfProjection(TContext context, ProjectionRow<TRow> row, ILogger logger)
        : this(_ => Task.FromResult(context), ownsContexts: false, row, logger)
    {
        ArgumentNullException.ThrowIfNull(context);
    }

    private EfProjection(Func<CancellationToken, Task<TContext>> open, bool ownsContexts, ProjectionRow<TRow> row, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(logger);
        this.open = open;
        this.ownsContexts = ownsContexts;
        this.row = row;
        this.logger = logger;
    }

    /// <summary>The event creates the row with everything it says (<paramref name="create"/>); if the row exists, the event is applied already.</summary>
    public Task<bool> CreateAsync(Guid rowId, IVersionedEvent @event, Func<TRow> create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(create);
        return ProjectAsync(rowId, @event, create, apply: null, cancellationToken);
    }

    /// <summary>
    /// The event changes an existing row (<paramref name="apply"/> says whether it changed anything);
    /// before the row exists the event is deferred. Whether the row changed.
    /// </summary>
    public Task<bool> UpdateAsync(Guid rowId, IVersionedEvent @event, Func<TRow, bool> apply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(apply);
        return ProjectAsync(rowId, @event, start: null, (current, _) => Task.FromResult(apply(current)), cancellationToken);
    }

    /// <inheritdoc cref="UpdateAsync(Guid, IVersionedEvent, Func{TRow, bool}, CancellationToken)"/>
    public Task<bool> UpdateAsync(Guid rowId, IVersionedEvent @event, Func<TRow, CancellationToken, Task<bool>> apply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(apply);
        return ProjectAsync(rowId, @event, start: null, apply, cancellationToken);
    }

    /// <summary>
    /// The event changes the row, which the first event to arrive starts (<paramref name="start"/>: the
    /// row before any event); a started row that the event leaves unchanged is not stored. Whether the row changed.
    /// </summary>
    public Task<bool> UpsertAsync(Guid rowId, IVersionedEvent @event, Func<TRow> start, Func<TRow, bool> apply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(apply);
        return ProjectAsync(rowId, @event, start, (current, _) => Task.FromResult(apply(current)), cancellationToken);
    }

    private async Task<bool> ProjectAsync(Guid rowId, IVersionedEvent @event, Func<TRow>? start, Func<TRow, CancellationToken, Task<bool>>? apply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var context = await open(cancellationToken);
        try
        {
            var (key, token) = Shape(context);
            var stored = await row.Include(context.Set<TRow>()).FirstOrDefaultAsync(r => EF.Property<Guid>(r, key) == rowId, cancellationToken);
            var loadedToken = stored is null ? null : context.Entry(stored).Property(token).CurrentValue;
            TRow current;
            bool changed;
            if (stored is null)
            {
                current = start?.Invoke() ?? throw Projection.Defer(logger, @event, row.Name, rowId, $"the {row.Name} does not exist yet");
                changed = apply is null || await apply(current, cancellationToken);
            }
            else
            {
                current = stored;
                changed = apply is not null && IsDue(current, rowId, @event) && await apply(current, cancellationToken);
            }

            if (!changed)
            {
                Projection.AlreadyApplied(logger, @event, row.Name, rowId);
                return false;
            }

            row.Stamp(current, @event);
            if (stored is null)
            {
                context.Add(current);
            }

            await SaveAsync(context, key, token, rowId, loadedToken, isNew: stored is null, cancellationToken);
            Projection.Applied(logger, @event, row.Name, rowId);
            return true;
        }
        finally
        {
            if (ownsContexts)
            {
                await context.DisposeAsync();
            }
        }
    }

    /// <summary>Whether the row's own version lets the event in; throws to defer one that skips a version the row must take first.</summary>
    private bool IsDue(TRow current, Guid rowId, IVersionedEvent @event)
    {
        if (row.AppliedVersion is null)
        {
            return true;
        }

        var applied = row.AppliedVersion(current);
        if (@event.Version <= applied)
        {
            return false;
        }

        if (row.InSequence && @event.Version > applied + 1)
        {
            throw Projection.Defer(logger, @event, row.Name, rowId, $"only version {applied} is applied");
        }

        return true;
    }

    /// <summary>
    /// Saves, turning a lost race into a <see cref="ConcurrencyException"/>. A duplicate key is recognised
    /// by looking again (provider-neutral), not by the provider's error code: someone else stored the row
    /// meanwhile if it now exists where it did not, or its token moved since it was loaded.
    /// </summary>
    private async Task SaveAsync(TContext context, string key, string token, Guid rowId, object? loadedToken, bool isNew, CancellationToken cancellationToken)
    {
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            context.ChangeTracker.Clear();
            throw new ConcurrencyException($"The {row.Name} {rowId} was changed by someone else.", ex);
        }
        catch (DbUpdateException ex)
        {
            context.ChangeTracker.Clear();
            var now = await context.Set<TRow>().AsNoTracking().FirstOrDefaultAsync(r => EF.Property<Guid>(r, key) == rowId, cancellationToken);
            if (now is not null && (isNew || !Equals(context.Entry(now).Property(token).CurrentValue, loadedToken)))
            {
                throw new ConcurrencyException($"The {row.Name} {rowId} was created or changed by someone else.", ex);
            }

            throw;
        }
    }

    /// <summary>The names of the row's Guid key and of its concurrency token, from the model.</summary>
    private static (string Key, string Token) Shape(TContext context)
    {
        var entity = context.Model.FindEntityType(typeof(TRow))
            ?? throw new InvalidOperationException($"{typeof(TRow).Name} is not in the model of {typeof(TContext).Name}.");
        var key = entity.FindPrimaryKey()?.Properties is [{ ClrType: var keyType } keyProperty] && keyType == typeof(Guid)
            ? keyProperty.Name
            : throw new InvalidOperationException($"A projected row needs a single Guid key; {typeof(TRow).Name} has none.");
        var tokens = entity.GetProperties().Where(p => p.IsConcurrencyToken).ToList();
        return tokens is [var token]
            ? (key, token.Name)
            : throw new InvalidOperationException($"A projected row needs one concurrency token, so that no update is lost; {typeof(TRow).Name} has {tokens.Count}.");
    }
}
