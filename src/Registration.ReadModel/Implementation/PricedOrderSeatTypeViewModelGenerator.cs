using Conference.Contracts.Events;
using Infrastructure.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Registration.ReadModel.Implementation;

/// <summary>
/// Keeps the priced-order generator's own copy of seat type names from SeatCreated/SeatUpdated (RI V3:
/// the priced orders do not depend on the conference view). Both events carry the whole seat type, so
/// the newest version simply wins: no event waits for another, duplicates and older ones are ignored.
/// </summary>
public sealed partial class PricedOrderSeatTypeViewModelGenerator(
    IDbContextFactory<ConferenceRegistrationDbContext> contexts,
    ILogger<PricedOrderSeatTypeViewModelGenerator> logger) :
    IEventHandler<SeatCreated>,
    IEventHandler<SeatUpdated>
{
    public Task HandleAsync(SeatCreated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return ApplyAsync(@event, @event.ConferenceId, @event.Name, @event.Description, cancellationToken);
    }

    public Task HandleAsync(SeatUpdated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return ApplyAsync(@event, @event.ConferenceId, @event.Name, @event.Description, cancellationToken);
    }

    private async Task ApplyAsync(IVersionedEvent @event, Guid conferenceId, string name, string description, CancellationToken cancellationToken)
    {
        var seatTypeId = @event.SourceId;
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var seatType = await context.PricedOrderSeatTypes.FirstOrDefaultAsync(s => s.SeatTypeId == seatTypeId, cancellationToken);
        if (seatType is not null && @event.Version <= seatType.Version)
        {
            LogAlreadyApplied(@event.GetType().Name, seatTypeId, @event.Version, seatType.Version);
            return;
        }

        if (seatType is null)
        {
            seatType = new PricedOrderSeatTypeView { SeatTypeId = seatTypeId, Name = name, Description = description };
            context.PricedOrderSeatTypes.Add(seatType);
        }

        var loadedVersion = seatType.Version;
        seatType.ConferenceId = conferenceId;
        seatType.Name = name;
        seatType.Description = description;
        seatType.Version = @event.Version;
        await ReadModelUpdates.SaveAsync(
            context,
            $"Seat type {seatTypeId} of the priced orders",
            async token =>
            {
                await using var check = await contexts.CreateDbContextAsync(token);
                return await check.PricedOrderSeatTypes.AnyAsync(s => s.SeatTypeId == seatTypeId && s.Version != loadedVersion, token);
            },
            cancellationToken);
        LogApplied(@event.GetType().Name, seatTypeId, @event.Version);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Applied {EventType} version {Version} to the priced orders' seat type {SeatTypeId}")]
    private partial void LogApplied(string eventType, Guid seatTypeId, int version);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored {EventType} version {Version} of seat type {SeatTypeId}: version {AppliedVersion} is already applied")]
    private partial void LogAlreadyApplied(string eventType, Guid seatTypeId, int version, int appliedVersion);
}
