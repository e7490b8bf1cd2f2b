using Infrastructure.Messaging;

namespace Infrastructure.Sql.Projections;

/// <summary>
/// What an <see cref="EfProjection{TContext, TRow}"/> needs to know about its row beyond the EF model
/// (which gives it the row's Guid key and its concurrency token).
/// </summary>
/// <param name="name">What the row is called in logs and errors, e.g. "draft order".</param>
/// <param name="stamp">
/// Marks a changed row before it is saved: moves the concurrency token on (or sets it to the event's
/// version, where that is the token) and raises the row's own version where it keeps one.
/// </param>
public sealed class ProjectionRow<TRow>(string name, Action<TRow, IVersionedEvent> stamp)
    where TRow : class
{
    public string Name { get; } = !string.IsNullOrWhiteSpace(name) ? name : throw new ArgumentException("A projected row needs a name.", nameof(name));

    public Action<TRow, IVersionedEvent> Stamp { get; } = stamp ?? throw new ArgumentNullException(nameof(stamp));

    /// <summary>The parts of the row loaded with it, which the apply functions change too.</summary>
    public Func<IQueryable<TRow>, IQueryable<TRow>> Include { get; init; } = rows => rows;

    /// <summary>
    /// The one version of the source stream the whole row has taken, when it keeps one: an event not newer
    /// than it is already applied. Leave it null when each group of fields keeps its own version and the
    /// apply functions decide.
    /// </summary>
    public Func<TRow, int>? AppliedVersion { get; init; }

    /// <summary>
    /// With <see cref="AppliedVersion"/>: the row takes every event of its stream, strictly one after the
    /// other, so an event beyond the next version came too early and is deferred.
    /// </summary>
    public bool InSequence { get; init; }
}
