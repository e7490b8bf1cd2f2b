using System.Globalization;
using Conference.Contracts.Events;
using Infrastructure.Messaging;
using Infrastructure.Sql.Projections;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Registration.Contracts.Commands;

namespace Registration.ReadModel.Implementation;

/// <summary>
/// Keeps the conference view (details, publication, seat types and prices) from Conference
/// Management's integration events, and turns seat quota changes into AddSeats/RemoveSeats for
/// the conference's SeatsAvailability.
/// <para>
/// Conference Management numbers all events of a conference 1, 2, 3… and this generator receives all
/// of them, so it applies them strictly in that order: older versions are duplicates and are ignored,
/// and one that arrives before its predecessor is deferred. Order matters here: a quota change is sent
/// as a delta from the quota before it, and a late event must not overwrite a newer one.
/// </para>
/// <para>
/// The quota command is sent before the view is saved, with an id derived from the event: after a crash
/// in between, the redelivered event computes the same delta under the same id, which duplicate
/// detection drops; saving first could lose the command for good.
/// </para>
/// </summary>
public sealed partial class ConferenceViewModelGenerator(
    IDbContextFactory<ConferenceRegistrationDbContext> contexts,
    ICommandBus commandBus,
    ILogger<ConferenceViewModelGenerator> logger) :
    IEventHandler<ConferenceCreated>,
    IEventHandler<ConferenceUpdated>,
    IEventHandler<ConferencePublished>,
    IEventHandler<ConferenceUnpublished>,
    IEventHandler<SeatCreated>,
    IEventHandler<SeatUpdated>
{
    private static readonly ProjectionRow<ConferenceView> Conferences = new("conference", (conference, @event) => conference.Version = @event.Version)
    {
        Include = rows => rows.Include(c => c.SeatTypes),
        AppliedVersion = conference => conference.Version,
        InSequence = true,
    };

    private readonly EfProjection<ConferenceRegistrationDbContext, ConferenceView> conferences = new(contexts, Conferences, logger);

    /// <summary>The id of the AddSeats/RemoveSeats sent for the seat event (<paramref name="seatTypeId"/>, <paramref name="version"/>).</summary>
    public static Guid SeatQuotaCommandId(Guid seatTypeId, int version) =>
        DeterministicGuid.Create(string.Create(CultureInfo.InvariantCulture, $"Registration.SeatQuota/{seatTypeId:N}/{version}"));

    /// <summary>ConferenceCreated opens the sequence; every other event waits for the conference to exist.</summary>
    public Task HandleAsync(ConferenceCreated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return conferences.UpsertAsync(
            @event.SourceId,
            @event,
            () => new ConferenceView { Id = @event.SourceId, Code = @event.Slug, Name = @event.Name, Description = @event.Description, Location = @event.Location },
            Always(conference => SetDetails(conference, @event.Slug, @event.Name, @event.Description, @event.Location, @event.Tagline, @event.TwitterSearch, @event.StartDate, @event.EndDate)),
            cancellationToken);
    }

    public Task HandleAsync(ConferenceUpdated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return conferences.UpdateAsync(
            @event.SourceId,
            @event,
            Always(conference => SetDetails(conference, @event.Slug, @event.Name, @event.Description, @event.Location, @event.Tagline, @event.TwitterSearch, @event.StartDate, @event.EndDate)),
            cancellationToken);
    }

    public Task HandleAsync(ConferencePublished @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return conferences.UpdateAsync(@event.SourceId, @event, Always(conference => (conference.IsPublished, conference.WasEverPublished) = (true, true)), cancellationToken);
    }

    public Task HandleAsync(ConferenceUnpublished @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return conferences.UpdateAsync(@event.SourceId, @event, Always(conference => conference.IsPublished = false), cancellationToken);
    }

    public Task HandleAsync(SeatCreated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return ApplySeatAsync(@event, @event.ConferenceId, @event.SourceId, @event.Name, @event.Description, @event.Price, @event.Quantity, cancellationToken);
    }

    public Task HandleAsync(SeatUpdated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return ApplySeatAsync(@event, @event.ConferenceId, @event.SourceId, @event.Name, @event.Description, @event.Price, @event.Quantity, cancellationToken);
    }

    /// <summary>SeatCreated and SeatUpdated carry the whole seat type, so either one creates or updates it.</summary>
    private Task ApplySeatAsync(IVersionedEvent @event, Guid conferenceId, Guid seatTypeId, string name, string description, decimal price, int quantity, CancellationToken cancellationToken) =>
        conferences.UpdateAsync(
            conferenceId,
            @event,
            async (conference, token) =>
            {
                var seatType = conference.SeatTypes.FirstOrDefault(s => s.Id == seatTypeId);
                var delta = quantity - (seatType?.Quantity ?? 0);
                if (seatType is null)
                {
                    // Conference events are applied in sequence, so the first one to name a seat type is its creation.
                    seatType = new SeatTypeView { Id = seatTypeId, ConferenceId = conferenceId, Name = name, Description = description, Position = @event.Version };
                    conference.SeatTypes.Add(seatType);
                }

                (seatType.Name, seatType.Description, seatType.Price, seatType.Quantity) = (name, description, price, quantity);
                if (delta != 0)
                {
                    await SendQuotaChangeAsync(conferenceId, seatTypeId, @event.Version, delta, token);
                }

                return true;
            },
            cancellationToken);

    /// <summary>Every event that is due changes the conference, its version at least.</summary>
    private static Func<ConferenceView, bool> Always(Action<ConferenceView> apply) => conference =>
    {
        apply(conference);
        return true;
    };

    private async Task SendQuotaChangeAsync(Guid conferenceId, Guid seatTypeId, int version, int delta, CancellationToken cancellationToken)
    {
        var id = SeatQuotaCommandId(seatTypeId, version);
        ICommand command = delta > 0
            ? new AddSeats(conferenceId, seatTypeId, delta) { Id = id }
            : new RemoveSeats(conferenceId, seatTypeId, -delta) { Id = id };
        await commandBus.SendAsync(new Envelope<ICommand>(command) { PartitionKey = SeatsAvailabilityPartition.For(conferenceId) }, cancellationToken);
        LogQuotaChangeSent(command.GetType().Name, seatTypeId, conferenceId, delta, id);
    }

    private static void SetDetails(ConferenceView conference, string slug, string name, string description, string location, string? tagline, string? twitterSearch, DateTimeOffset start, DateTimeOffset end)
    {
        conference.Code = slug;
        conference.Name = name;
        conference.Description = description;
        conference.Location = location;
        conference.Tagline = tagline;
        conference.TwitterSearch = twitterSearch;

        // PostgreSQL stores instants in UTC only.
        conference.StartDate = start.ToUniversalTime();
        conference.EndDate = end.ToUniversalTime();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {CommandType} {CommandId} for seat type {SeatTypeId} of conference {ConferenceId}: quota change {Delta}")]
    private partial void LogQuotaChangeSent(string commandType, Guid seatTypeId, Guid conferenceId, int delta, Guid commandId);
}
