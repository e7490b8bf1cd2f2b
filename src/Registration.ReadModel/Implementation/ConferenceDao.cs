using Microsoft.EntityFrameworkCore;

namespace Registration.ReadModel.Implementation;

/// <summary>Reads the conference view; every query is one round trip without tracking.</summary>
public sealed class ConferenceDao(IDbContextFactory<ConferenceRegistrationDbContext> contexts) : IConferenceDao
{
    public async Task<ConferenceDetails?> GetConferenceDetailsAsync(string conferenceCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conferenceCode);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await ByCode(context, conferenceCode)
            .Select(c => new ConferenceDetails(c.Id, c.Code, c.Name, c.Description, c.Location, c.Tagline, c.TwitterSearch, c.StartDate, c.EndDate, c.IsPublished))
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<ConferenceAlias?> GetConferenceAliasAsync(string conferenceCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conferenceCode);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await ByCode(context, conferenceCode)
            .Select(c => new ConferenceAlias(c.Id, c.Code, c.Name, c.Tagline, c.IsPublished))
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ConferenceDetails>> GetPublishedConferencesAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var conferences = await context.Conferences.AsNoTracking()
            .Where(c => c.IsPublished)
            .Select(c => new ConferenceDetails(c.Id, c.Code, c.Name, c.Description, c.Location, c.Tagline, c.TwitterSearch, c.StartDate, c.EndDate, c.IsPublished))
            .ToListAsync(cancellationToken);

        // Sorted here: SQLite cannot order by DateTimeOffset.
        return [.. conferences.OrderBy(c => c.StartDate).ThenBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id)];
    }

    public async Task<bool> IsOpenForRegistrationAsync(Guid conferenceId, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Conferences.AsNoTracking().AnyAsync(c => c.Id == conferenceId && c.IsPublished, cancellationToken);
    }

    public async Task<IReadOnlyList<SeatType>> GetPublishedSeatTypesAsync(Guid conferenceId, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var seatTypes = await context.SeatTypes.AsNoTracking()
            .Where(s => s.ConferenceId == conferenceId && context.Conferences.Any(c => c.Id == conferenceId && c.IsPublished))
            .Select(s => new { s.Position, SeatType = new SeatType(s.Id, s.ConferenceId, s.Name, s.Description, s.Price, s.Quantity, s.AvailableQuantity) })
            .ToListAsync(cancellationToken);

        // Sorted here: the providers order strings and Guids differently. Rows older than positions share 0 and keep name order.
        return [.. seatTypes.OrderBy(s => s.Position).ThenBy(s => s.SeatType.Name, StringComparer.Ordinal).ThenBy(s => s.SeatType.Id).Select(s => s.SeatType)];
    }

    public async Task<IReadOnlyList<SeatTypeName>> GetSeatTypeSummariesAsync(IEnumerable<Guid> seatTypes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seatTypes);
        var ids = seatTypes.Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var names = await context.SeatTypes.AsNoTracking()
            .Where(s => ids.Contains(s.Id))
            .Select(s => new { s.Position, Name = new SeatTypeName(s.Id, s.Name) })
            .ToListAsync(cancellationToken);
        return [.. names.OrderBy(s => s.Position).ThenBy(s => s.Name.Name, StringComparer.Ordinal).ThenBy(s => s.Name.Id).Select(s => s.Name)];
    }

    /// <summary>Slugs are unique in Conference Management; should two views share one for a while, the published one wins.</summary>
    private static IQueryable<ConferenceView> ByCode(ConferenceRegistrationDbContext context, string conferenceCode) =>
        context.Conferences.AsNoTracking()
            .Where(c => c.Code == conferenceCode)
            .OrderByDescending(c => c.IsPublished)
            .ThenByDescending(c => c.Version);
}
