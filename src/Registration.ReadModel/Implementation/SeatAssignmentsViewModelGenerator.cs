using Infrastructure.BlobStorage;
using Infrastructure.Messaging;
using Infrastructure.Sql.Projections;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Registration.Contracts;
using Registration.Contracts.Events;

namespace Registration.ReadModel.Implementation;

/// <summary>
/// Keeps the seat-assignments document (one JSON blob per seat assignments, read by
/// <see cref="OrderDao.FindOrderSeatsAsync"/>), with seat type names from the conference view.
/// <para>
/// Every event sets one position completely (seat type and attendee), so each position keeps the version
/// that last set it and only newer events change it: no event needs to wait for its predecessor, except
/// that the document starts with SeatAssignmentsCreated (it lists every position); events arriving
/// before it are deferred.
/// </para>
/// <para>
/// Blob storage has no conditional writes, so two deliveries writing the same blob could lose one
/// change. The positions are therefore kept in the read database under optimistic concurrency, and the
/// blob is rendered from them after every event (also after a duplicate, which repairs a crash between
/// the two writes). A rendering that finds the state changed while it wrote renders again, so the last
/// blob written always shows the last state.
/// </para>
/// </summary>
public sealed partial class SeatAssignmentsViewModelGenerator(
    IDbContextFactory<ConferenceRegistrationDbContext> contexts,
    IBlobStorage blobs,
    ILogger<SeatAssignmentsViewModelGenerator> logger) :
    IEventHandler<SeatAssignmentsCreated>,
    IEventHandler<SeatAssigned>,
    IEventHandler<SeatUnassigned>,
    IEventHandler<SeatAssignmentUpdated>
{
    private const int MaxRenderings = 10;

    private static readonly ProjectionRow<SeatAssignmentsView> SeatAssignments = new("seat assignments", Stamp) { Include = rows => rows.Include(a => a.Seats) };
    private readonly EfProjection<ConferenceRegistrationDbContext, SeatAssignmentsView> seatAssignments = new(contexts, SeatAssignments, logger);

    /// <summary>Starts the document with every position (the other events are deferred until it is applied).</summary>
    public async Task HandleAsync(SeatAssignmentsCreated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        await seatAssignments.UpsertAsync(
            @event.SourceId,
            @event,
            () => new SeatAssignmentsView { Id = @event.SourceId, OrderId = @event.OrderId },
            assignments =>
            {
                var changed = false;
                foreach (var seat in @event.Seats)
                {
                    changed |= SetPosition(assignments, seat.Position, @event.Version, position =>
                    {
                        position.SeatType = seat.SeatType;
                        SetAttendee(position, null);
                    });
                }

                return changed;
            },
            cancellationToken);
        await RenderAsync(@event.SourceId, cancellationToken);
    }

    public Task HandleAsync(SeatAssigned @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateAsync(@event, assignments => SetPosition(assignments, @event.Position, @event.Version, position =>
        {
            position.SeatType = @event.SeatType;
            SetAttendee(position, @event.Attendee);
        }), cancellationToken);
    }

    public Task HandleAsync(SeatUnassigned @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateAsync(@event, assignments => SetKnownPosition(assignments, @event, @event.Position, position => SetAttendee(position, null)), cancellationToken);
    }

    public Task HandleAsync(SeatAssignmentUpdated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UpdateAsync(@event, assignments => SetKnownPosition(assignments, @event, @event.Position, position => SetAttendee(position, @event.Attendee)), cancellationToken);
    }

    /// <summary>Applies the event (deferred until SeatAssignmentsCreated is), then renders the document, also after a duplicate.</summary>
    private async Task UpdateAsync(IVersionedEvent @event, Func<SeatAssignmentsView, bool> apply, CancellationToken cancellationToken)
    {
        await seatAssignments.UpdateAsync(@event.SourceId, @event, apply, cancellationToken);
        await RenderAsync(@event.SourceId, cancellationToken);
    }

    /// <summary>The revision tells a rendering whether it is still current.</summary>
    private static void Stamp(SeatAssignmentsView assignments, IVersionedEvent @event)
    {
        assignments.Version = Math.Max(assignments.Version, @event.Version);
        assignments.Revision++;
    }

    /// <summary>Writes the document from the saved state until no change slipped in while writing it.</summary>
    private async Task RenderAsync(Guid assignmentsId, CancellationToken cancellationToken)
    {
        for (var rendering = 0; rendering < MaxRenderings; rendering++)
        {
            await using var context = await contexts.CreateDbContextAsync(cancellationToken);
            var assignments = await context.SeatAssignments.AsNoTracking().Include(a => a.Seats).FirstOrDefaultAsync(a => a.Id == assignmentsId, cancellationToken);
            if (assignments is null)
            {
                return;
            }

            var seatTypes = assignments.Seats.Select(s => s.SeatType).Distinct().ToList();
            var names = await context.SeatTypes.AsNoTracking()
                .Where(s => seatTypes.Contains(s.Id))
                .ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
            foreach (var missing in seatTypes.Where(id => !names.ContainsKey(id)))
            {
                LogSeatTypeUnknown(missing, assignmentsId);
            }

            var document = new OrderSeats(
                assignments.Id,
                assignments.OrderId,
                assignments.Version,
                [.. assignments.Seats.OrderBy(s => s.Position).Select(s => new OrderSeat(s.Position, s.SeatType, names.GetValueOrDefault(s.SeatType, string.Empty), Attendee(s)))]);
            await blobs.SaveAsync(OrderSeatsDocument.BlobId(assignmentsId), OrderSeatsDocument.ContentType, OrderSeatsDocument.Serialize(document), cancellationToken);

            // The document is what the seats page reads: the pages waiting for it hear of it now, not with the rows before it.
            context.RecordOrderChange(assignments.OrderId);
            await context.SaveChangesAsync(cancellationToken);

            var revision = await context.SeatAssignments.Where(a => a.Id == assignmentsId).Select(a => a.Revision).FirstAsync(cancellationToken);
            if (revision == assignments.Revision)
            {
                return;
            }
        }

        // The delivery that made the newest change renders it too; giving up here loses nothing.
        LogRenderingRaced(assignmentsId, MaxRenderings);
    }

    private bool SetKnownPosition(SeatAssignmentsView assignments, IVersionedEvent @event, int position, Action<SeatAssignmentView> set)
    {
        if (assignments.Seats.All(s => s.Position != position))
        {
            // SeatAssignmentsCreated listed every position, so this event does not belong to these assignments.
            LogUnknownPosition(@event.GetType().Name, assignments.Id, position);
            return false;
        }

        return SetPosition(assignments, position, @event.Version, set);
    }

    private static bool SetPosition(SeatAssignmentsView assignments, int position, int version, Action<SeatAssignmentView> set)
    {
        var seat = assignments.Seats.FirstOrDefault(s => s.Position == position);
        if (seat is null)
        {
            seat = new SeatAssignmentView { AssignmentsId = assignments.Id, Position = position };
            assignments.Seats.Add(seat);
        }
        else if (version <= seat.Version)
        {
            return false;
        }

        set(seat);
        seat.Version = version;
        return true;
    }

    private static void SetAttendee(SeatAssignmentView seat, PersonalInfo? attendee)
    {
        seat.AttendeeFirstName = attendee?.FirstName;
        seat.AttendeeLastName = attendee?.LastName;
        seat.AttendeeEmail = attendee?.Email;
    }

    private static PersonalInfo? Attendee(SeatAssignmentView seat) =>
        seat.AttendeeEmail is null ? null : new PersonalInfo(seat.AttendeeFirstName ?? string.Empty, seat.AttendeeLastName ?? string.Empty, seat.AttendeeEmail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored {EventType} of seat assignments {AssignmentsId}: they have no position {Position}")]
    private partial void LogUnknownPosition(string eventType, Guid assignmentsId, int position);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seat type {SeatTypeId} of seat assignments {AssignmentsId} is not in the conference view; its name is left empty")]
    private partial void LogSeatTypeUnknown(Guid seatTypeId, Guid assignmentsId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seat assignments {AssignmentsId} kept changing during {Renderings} renderings; the latest change renders it")]
    private partial void LogRenderingRaced(Guid assignmentsId, int renderings);
}
