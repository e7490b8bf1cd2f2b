using Infrastructure.Messaging;
using Infrastructure.Sql.Projections;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Registration.Contracts;
using Registration.Contracts.Events;

namespace Registration.ReadModel.Implementation;

/// <summary>
/// Keeps the available quantity of every seat type from the events of the conference's
/// SeatsAvailability (the RI's ConferenceViewModelGenerator did this too; it is a class of its own
/// here because it reads another subscription).
/// <para>
/// These events carry deltas, which add up to the same result in any order, but this generator does
/// not receive every event of the stream (SeatsReservationCommitted changes no availability and is not
/// subscribed), so "apply version last + 1" would wait forever at each gap. Instead each applied version
/// is recorded in the same transaction as its deltas: duplicates are ignored, any order is applied.
/// An event for a seat type the view does not know yet (its SeatCreated is still being saved) is
/// deferred rather than lost.
/// </para>
/// <para>
/// It is therefore not an <see cref="EfProjection{TContext, TRow}"/>: it loads no row to change and keeps no
/// version on one. The deltas are added by atomic UPDATEs, so that concurrent events of a conference add
/// up instead of conflicting on a row's token, and the ledger of applied versions commits with them. It
/// shares the rest: deferral and the log of what became of each event (<see cref="Projection"/>).
/// </para>
/// </summary>
public sealed class SeatsAvailabilityViewModelGenerator(
    IDbContextFactory<ConferenceRegistrationDbContext> contexts,
    ILogger<SeatsAvailabilityViewModelGenerator> logger) :
    IEventHandler<AvailableSeatsChanged>,
    IEventHandler<SeatsReserved>,
    IEventHandler<SeatsReservationCancelled>,
    IEventHandler<SeatsOffered>,
    IEventHandler<SeatOfferReleased>
{
    private const string Row = "seats availability of conference";

    private enum Outcome
    {
        Applied,
        AlreadyApplied,
        UnknownSeatType,
    }

    public Task HandleAsync(AvailableSeatsChanged @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return ApplyAsync(@event, @event.Seats, cancellationToken);
    }

    public Task HandleAsync(SeatsReserved @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return ApplyAsync(@event, @event.AvailableSeatsChanged, cancellationToken);
    }

    public Task HandleAsync(SeatsReservationCancelled @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return ApplyAsync(@event, @event.AvailableSeatsChanged, cancellationToken);
    }

    public Task HandleAsync(SeatsOffered @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return ApplyAsync(@event, @event.AvailableSeatsChanged, cancellationToken);
    }

    public Task HandleAsync(SeatOfferReleased @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return ApplyAsync(@event, @event.AvailableSeatsChanged, cancellationToken);
    }

    private async Task ApplyAsync(IVersionedEvent @event, IReadOnlyList<SeatQuantity> changes, CancellationToken cancellationToken)
    {
        var conferenceId = @event.SourceId;
        var version = @event.Version;
        var deltas = changes
            .GroupBy(c => c.SeatType)
            .Select(g => (SeatType: g.Key, Quantity: g.Sum(c => c.Quantity)))
            .Where(d => d.Quantity != 0)
            .ToList();

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var strategy = context.Database.CreateExecutionStrategy();
        var (outcome, unknownSeatType) = await strategy.ExecuteAsync(
            async token =>
            {
                context.ChangeTracker.Clear();
                if (await IsAppliedAsync(context, conferenceId, version, token))
                {
                    return (Outcome.AlreadyApplied, Guid.Empty);
                }

                await using var transaction = await context.Database.BeginTransactionAsync(token);
                context.SeatsAvailabilityEventsApplied.Add(new SeatsAvailabilityEventApplied { ConferenceId = conferenceId, Version = version });
                try
                {
                    await context.SaveChangesAsync(token);
                }
                catch (DbUpdateException)
                {
                    // Another delivery of the same event got there first (its row is the proof); anything else is a real failure.
                    await transaction.RollbackAsync(token);
                    context.ChangeTracker.Clear();
                    if (await IsAppliedAsync(context, conferenceId, version, token))
                    {
                        return (Outcome.AlreadyApplied, Guid.Empty);
                    }

                    throw;
                }

                foreach (var (seatType, quantity) in deltas)
                {
                    // One atomic UPDATE: concurrent events of the same conference add up instead of overwriting each other.
                    var updated = await context.SeatTypes
                        .Where(s => s.Id == seatType && s.ConferenceId == conferenceId)
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.AvailableQuantity, x => x.AvailableQuantity + quantity), token);
                    if (updated == 0)
                    {
                        await transaction.RollbackAsync(token);
                        return (Outcome.UnknownSeatType, seatType);
                    }
                }

                await context.Conferences
                    .Where(c => c.Id == conferenceId && c.SeatsAvailabilityVersion < version)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.SeatsAvailabilityVersion, version), token);
                await transaction.CommitAsync(token);
                return (Outcome.Applied, Guid.Empty);
            },
            cancellationToken);

        switch (outcome)
        {
            case Outcome.AlreadyApplied:
                Projection.AlreadyApplied(logger, @event, Row, conferenceId);
                break;
            case Outcome.UnknownSeatType:
                throw Projection.Defer(logger, @event, Row, conferenceId, $"seat type {unknownSeatType} is not in the conference view yet");
            default:
                Projection.Applied(logger, @event, Row, conferenceId);
                break;
        }
    }

    private static Task<bool> IsAppliedAsync(ConferenceRegistrationDbContext context, Guid conferenceId, int version, CancellationToken cancellationToken) =>
        context.SeatsAvailabilityEventsApplied.AnyAsync(a => a.ConferenceId == conferenceId && a.Version == version, cancellationToken);
}
