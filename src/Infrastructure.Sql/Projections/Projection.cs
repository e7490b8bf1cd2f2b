using Infrastructure.Messaging;
using Microsoft.Extensions.Logging;

namespace Infrastructure.Sql.Projections;

/// <summary>
/// The steps every projection of events into read rows shares, whatever it stores: field groups that
/// take only newer events, deferring an event that came too early, and the log of what became of an event.
/// <see cref="EfProjection{TContext, TRow}"/> uses them; a projection that stores differently can too.
/// </summary>
public static partial class Projection
{
    /// <summary>How long an event that came too early waits before it is offered again.</summary>
    public static readonly TimeSpan RetryEarlyEventAfter = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Applies <paramref name="apply"/> (which also records <paramref name="version"/> as the group's
    /// version) only if the event is newer than the version the group of fields last took; whether it did.
    /// A group that keeps its own version ends the same in any order of delivery, with duplicates.
    /// </summary>
    public static bool IfNewer(int version, int appliedVersion, Action apply)
    {
        ArgumentNullException.ThrowIfNull(apply);
        if (version <= appliedVersion)
        {
            return false;
        }

        apply();
        return true;
    }

    /// <summary>
    /// Logs and returns the exception that makes the transport abandon the event and offer it again after
    /// <see cref="RetryEarlyEventAfter"/>: what it needs (the row, the version before it) is not applied yet.
    /// </summary>
    public static MessageDeferredException Defer(ILogger logger, IVersionedEvent @event, string row, Guid rowId, string reason)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var eventType = @event.GetType().Name;
        LogDeferred(logger, eventType, @event.Version, row, rowId, reason);
        return new MessageDeferredException($"{eventType} {@event.Version} of {row} {rowId} came too early: {reason}.", RetryEarlyEventAfter);
    }

    public static void Applied(ILogger logger, IVersionedEvent @event, string row, Guid rowId)
    {
        ArgumentNullException.ThrowIfNull(@event);
        LogApplied(logger, @event.GetType().Name, @event.Version, row, rowId);
    }

    public static void AlreadyApplied(ILogger logger, IVersionedEvent @event, string row, Guid rowId)
    {
        ArgumentNullException.ThrowIfNull(@event);
        LogAlreadyApplied(logger, @event.GetType().Name, @event.Version, row, rowId);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Applied {EventType} version {Version} to {Row} {RowId}")]
    private static partial void LogApplied(ILogger logger, string eventType, int version, string row, Guid rowId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored {EventType} version {Version} of {Row} {RowId}: already applied or superseded")]
    private static partial void LogAlreadyApplied(ILogger logger, string eventType, int version, string row, Guid rowId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deferred {EventType} version {Version} of {Row} {RowId}: {Reason}")]
    private static partial void LogDeferred(ILogger logger, string eventType, int version, string row, Guid rowId, string reason);
}
