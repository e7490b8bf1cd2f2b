using Conference.Contracts;
using Conference.Contracts.Events;
using Conference.Database;
using Infrastructure;
using Infrastructure.Messaging;
using Infrastructure.Serialization;
using Infrastructure.Sql.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Conference;

/// <summary>
/// The business customer's operations on conferences and seat types (RI: ConferenceService). Each
/// change increments the conference's <see cref="ConferenceInfo.Version"/> and saves the matching
/// integration event in the outbox in the same SaveChanges; after the commit the event is published
/// and its outbox row deleted. If publishing fails, the change stands and the outbox sweeper
/// (<see cref="EventOutboxSweeper{TContext}"/>) publishes the event later. One instance per unit of work
/// (it shares the scoped <see cref="ConferenceDbContext"/>).
/// </summary>
public sealed partial class ConferenceService(
    ConferenceDbContext context,
    IEventBus eventBus,
    IMessageSerializer serializer,
    TimeProvider clock,
    ILogger<ConferenceService> logger)
{
    private readonly EventOutbox outbox = new(eventBus, serializer, clock);
    private readonly List<PendingEvent> pending = [];

    /// <summary>Creates an unpublished conference with a new access code (to be sent to the owner).</summary>
    /// <exception cref="ConferenceValidationException">A field breaks a rule.</exception>
    /// <exception cref="DuplicateSlugException">Another conference uses the slug.</exception>
    public async Task<ConferenceInfo> CreateConferenceAsync(Owner owner, ConferenceDetails details, CancellationToken cancellationToken)
    {
        owner = ConferenceRules.Normalize(owner);
        details = ConferenceRules.Normalize(details);
        await EnsureSlugIsFreeAsync(details.Slug, null, cancellationToken);

        var conference = new ConferenceInfo
        {
            Id = Guid.NewGuid(),
            AccessCode = ConferenceAccessCode.Generate(),
            OwnerName = owner.Name,
            OwnerEmail = owner.Email,
        };
        SetDetails(conference, details);
        context.Conferences.Add(conference);
        Record(conference, version => new ConferenceCreated(
            conference.Id, version, details.Name, details.Description, details.Location, details.Slug,
            details.Tagline, details.TwitterSearch, details.StartDate, details.EndDate, owner));

        await SaveAndPublishAsync(conference, details.Slug, cancellationToken);
        LogConferenceCreated(conference.Id, conference.Slug);
        return conference;
    }

    /// <summary>Changes the details of a conference; nothing is recorded when nothing changed.</summary>
    /// <exception cref="EntityNotFoundException">No such conference.</exception>
    /// <exception cref="ConferenceValidationException">A field breaks a rule.</exception>
    /// <exception cref="DuplicateSlugException">Another conference uses the new slug.</exception>
    /// <exception cref="ConcurrencyException">Someone else changed the conference at the same time.</exception>
    public async Task<ConferenceInfo> UpdateConferenceAsync(Guid conferenceId, ConferenceDetails details, CancellationToken cancellationToken)
    {
        details = ConferenceRules.Normalize(details);
        var conference = await GetConferenceAsync(conferenceId, cancellationToken);
        if (conference.Details == details)
        {
            return conference;
        }

        if (!string.Equals(conference.Slug, details.Slug, StringComparison.Ordinal))
        {
            await EnsureSlugIsFreeAsync(details.Slug, conference.Id, cancellationToken);
        }

        SetDetails(conference, details);
        Record(conference, version => new ConferenceUpdated(
            conference.Id, version, details.Name, details.Description, details.Location, details.Slug,
            details.Tagline, details.TwitterSearch, details.StartDate, details.EndDate,
            new Owner(conference.OwnerName, conference.OwnerEmail)));

        await SaveAndPublishAsync(conference, details.Slug, cancellationToken);
        return conference;
    }

    /// <summary>Makes the conference visible on the public site; publishing a published conference does nothing.</summary>
    public async Task<ConferenceInfo> PublishAsync(Guid conferenceId, CancellationToken cancellationToken)
    {
        var conference = await GetConferenceAsync(conferenceId, cancellationToken);
        if (conference.IsPublished)
        {
            return conference;
        }

        conference.IsPublished = true;
        conference.WasEverPublished = true;
        Record(conference, version => new ConferencePublished(conference.Id, version));
        await SaveAndPublishAsync(conference, null, cancellationToken);
        LogPublished(conference.Id, conference.Version);
        return conference;
    }

    /// <summary>Hides the conference from the public site; it still counts as published once.</summary>
    public async Task<ConferenceInfo> UnpublishAsync(Guid conferenceId, CancellationToken cancellationToken)
    {
        var conference = await GetConferenceAsync(conferenceId, cancellationToken);
        if (!conference.IsPublished)
        {
            return conference;
        }

        conference.IsPublished = false;
        Record(conference, version => new ConferenceUnpublished(conference.Id, version));
        await SaveAndPublishAsync(conference, null, cancellationToken);
        LogUnpublished(conference.Id, conference.Version);
        return conference;
    }

    /// <summary>Adds a seat type; Registration puts its quota on sale (SeatCreated).</summary>
    public async Task<SeatType> CreateSeatAsync(Guid conferenceId, SeatTypeDetails details, CancellationToken cancellationToken)
    {
        details = ConferenceRules.Normalize(details);
        var conference = await GetConferenceAsync(conferenceId, cancellationToken);
        var last = await context.SeatTypes.Where(s => s.ConferenceId == conference.Id).MaxAsync(s => (int?)s.Position, cancellationToken);
        var seat = new SeatType { Id = Guid.NewGuid(), ConferenceId = conference.Id, Position = (last ?? 0) + 1 };
        SetDetails(seat, details);
        context.SeatTypes.Add(seat);
        Record(conference, version => new SeatCreated(seat.Id, version, conference.Id, seat.Name, seat.Description, seat.Price, seat.Quantity));
        await SaveAndPublishAsync(conference, null, cancellationToken);
        return seat;
    }

    /// <summary>
    /// Changes a seat type: name, description, price, or quota up or down (Registration turns the
    /// quota change into added or removed seats). Nothing is recorded when nothing changed.
    /// </summary>
    public async Task<SeatType> UpdateSeatAsync(Guid conferenceId, Guid seatTypeId, SeatTypeDetails details, CancellationToken cancellationToken)
    {
        details = ConferenceRules.Normalize(details);
        var conference = await GetConferenceAsync(conferenceId, cancellationToken);
        var seat = await GetSeatAsync(conference.Id, seatTypeId, cancellationToken);
        if (seat.Details == details)
        {
            return seat;
        }

        SetDetails(seat, details);
        Record(conference, version => new SeatUpdated(seat.Id, version, conference.Id, seat.Name, seat.Description, seat.Price, seat.Quantity));
        await SaveAndPublishAsync(conference, null, cancellationToken);
        return seat;
    }

    /// <summary>Deletes a seat type of a conference that has never been published.</summary>
    /// <exception cref="ConferencePublishedException">The conference has been published at least once.</exception>
    public async Task DeleteSeatAsync(Guid conferenceId, Guid seatTypeId, CancellationToken cancellationToken)
    {
        var conference = await GetConferenceAsync(conferenceId, cancellationToken);
        if (conference.WasEverPublished)
        {
            throw new ConferencePublishedException($"Seat types of conference '{conference.Slug}' cannot be deleted: it has been published.");
        }

        var seat = await GetSeatAsync(conference.Id, seatTypeId, cancellationToken);
        context.SeatTypes.Remove(seat);
        // The contracts have no "seat deleted" event, and Registration already knows the seat type
        // from SeatCreated: a zero quota keeps it from ever being sold. This also bumps the
        // conference version, so a delete racing the first publish is a concurrency conflict.
        Record(conference, version => new SeatUpdated(seat.Id, version, conference.Id, seat.Name, seat.Description, seat.Price, 0));
        await SaveAndPublishAsync(conference, null, cancellationToken);
    }

    public Task<ConferenceInfo?> FindConferenceAsync(Guid conferenceId, CancellationToken cancellationToken) =>
        context.Conferences.AsNoTracking().FirstOrDefaultAsync(c => c.Id == conferenceId, cancellationToken);

    /// <summary>The conference at a public URL (any case).</summary>
    public Task<ConferenceInfo?> FindConferenceAsync(string slug, CancellationToken cancellationToken)
    {
        var normalized = ConferenceRules.NormalizeSlug(slug);
        return context.Conferences.AsNoTracking().FirstOrDefaultAsync(c => c.Slug == normalized, cancellationToken);
    }

    /// <summary>The conference a business customer locates with their email and access code (both ignoring case); null when they do not match.</summary>
    public async Task<ConferenceInfo?> FindConferenceAsync(string email, string accessCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var code = ConferenceAccessCode.Normalize(accessCode);
        if (code.Length != ConferenceAccessCode.Length)
        {
            return null;
        }

        // Codes are random, so few rows share one; the email is compared here, ignoring case, on every provider.
        var candidates = await context.Conferences.AsNoTracking().Where(c => c.AccessCode == code).ToListAsync(cancellationToken);
        return candidates.FirstOrDefault(c => string.Equals(c.OwnerEmail, email.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    public async Task<IReadOnlyList<SeatType>> FindSeatTypesAsync(Guid conferenceId, CancellationToken cancellationToken)
    {
        var seats = await context.SeatTypes.AsNoTracking().Where(s => s.ConferenceId == conferenceId).ToListAsync(cancellationToken);
        // Seat types created before positions were kept share position 0 and fall back to name order.
        return [.. seats.OrderBy(s => s.Position).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.Id)];
    }

    public Task<SeatType?> FindSeatTypeAsync(Guid seatTypeId, CancellationToken cancellationToken) =>
        context.SeatTypes.AsNoTracking().FirstOrDefaultAsync(s => s.Id == seatTypeId, cancellationToken);

    /// <summary>The conference's orders with their seats and attendees, leaving out expired ones (their seats went back on sale).</summary>
    public async Task<IReadOnlyList<Order>> FindOrdersAsync(Guid conferenceId, CancellationToken cancellationToken)
    {
        var orders = await context.Orders.AsNoTracking()
            .Include(o => o.Seats.OrderBy(s => s.Position))
            .Where(o => o.ConferenceId == conferenceId && o.Status != OrderStatus.Expired)
            .ToListAsync(cancellationToken);
        return [.. orders.OrderBy(o => o.RegistrantLastName, StringComparer.OrdinalIgnoreCase).ThenBy(o => o.RegistrantFirstName, StringComparer.OrdinalIgnoreCase).ThenBy(o => o.Id)];
    }

    private static void SetDetails(ConferenceInfo conference, ConferenceDetails details)
    {
        conference.Name = details.Name;
        conference.Description = details.Description;
        conference.Location = details.Location;
        conference.Tagline = details.Tagline;
        conference.TwitterSearch = details.TwitterSearch;
        conference.Slug = details.Slug;
        conference.StartDate = details.StartDate;
        conference.EndDate = details.EndDate;
    }

    private static void SetDetails(SeatType seat, SeatTypeDetails details)
    {
        seat.Name = details.Name;
        seat.Description = details.Description;
        seat.Price = details.Price;
        seat.Quantity = details.Quantity;
    }

    private async Task<ConferenceInfo> GetConferenceAsync(Guid conferenceId, CancellationToken cancellationToken) =>
        await context.Conferences.FirstOrDefaultAsync(c => c.Id == conferenceId, cancellationToken)
        ?? throw new EntityNotFoundException(conferenceId, "Conference");

    private async Task<SeatType> GetSeatAsync(Guid conferenceId, Guid seatTypeId, CancellationToken cancellationToken) =>
        await context.SeatTypes.FirstOrDefaultAsync(s => s.Id == seatTypeId && s.ConferenceId == conferenceId, cancellationToken)
        ?? throw new EntityNotFoundException(seatTypeId, "Seat type");

    private async Task EnsureSlugIsFreeAsync(string slug, Guid? conferenceId, CancellationToken cancellationToken)
    {
        if (await IsSlugTakenAsync(slug, conferenceId, cancellationToken))
        {
            throw DuplicateSlugException.For(slug);
        }
    }

    private Task<bool> IsSlugTakenAsync(string slug, Guid? conferenceId, CancellationToken cancellationToken) =>
        context.Conferences.AsNoTracking().AnyAsync(c => c.Slug == slug && c.Id != conferenceId, cancellationToken);

    /// <summary>Next conference version, and its event in the outbox, saved by the next SaveChanges.</summary>
    private void Record(ConferenceInfo conference, Func<int, IVersionedEvent> createEvent)
    {
        conference.Version++;
        // The conference is the source of seat-type events too: all its events share its partition and version order.
        pending.AddRange(outbox.Add(context, conference.Id, conference.Version, [createEvent(conference.Version)]));
    }

    private async Task SaveAndPublishAsync(ConferenceInfo conference, string? slug, CancellationToken cancellationToken)
    {
        var entry = context.Entry(conference);
        var isNew = entry.State == EntityState.Added;
        var loadedVersion = entry.Property(c => c.Version).OriginalValue;
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            Discard();
            throw new ConcurrencyException($"Conference {conference.Id} was changed by someone else.", ex);
        }
        catch (DbUpdateException ex)
        {
            Discard();
            // The unique index caught a slug taken between our check and our commit.
            if (slug is not null && await IsSlugTakenAsync(slug, conference.Id, cancellationToken))
            {
                throw DuplicateSlugException.For(slug, ex);
            }

            // A racing change can reach the outbox's (conference, version) index before the
            // conference row's version check: it is the same conflict.
            if (!isNew && await context.Conferences.AsNoTracking().AnyAsync(c => c.Id == conference.Id && c.Version != loadedVersion, cancellationToken))
            {
                throw new ConcurrencyException($"Conference {conference.Id} was changed by someone else.", ex);
            }

            throw;
        }
        catch
        {
            Discard();
            throw;
        }

        var rows = pending.ToList();
        pending.Clear();
        try
        {
            await outbox.PublishAsync(context, rows, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The change is committed and its events are safe in the outbox.
            LogPublishDeferred(ex, conference.Id, rows.Count);
        }
    }

    /// <summary>A failed SaveChanges leaves nothing half-applied in this unit of work.</summary>
    private void Discard()
    {
        pending.Clear();
        context.ChangeTracker.Clear();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conference {ConferenceId} created with slug {Slug}")]
    private partial void LogConferenceCreated(Guid conferenceId, string slug);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conference {ConferenceId} published (version {Version})")]
    private partial void LogPublished(Guid conferenceId, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conference {ConferenceId} unpublished (version {Version})")]
    private partial void LogUnpublished(Guid conferenceId, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Count} event(s) of conference {ConferenceId} failed; the outbox sweeper will send them")]
    private partial void LogPublishDeferred(Exception ex, Guid conferenceId, int count);
}
