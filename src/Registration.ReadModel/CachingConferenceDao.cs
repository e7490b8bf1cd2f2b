using Microsoft.Extensions.Caching.Memory;

namespace Registration.ReadModel;

/// <summary>
/// Caches the conference queries the public site runs on every page (RI V3). Seat availability is
/// cached for less time the fewer seats are left, and not at all for the last few, so registrants are
/// rarely offered seats that are gone; the cache is part of the eventually consistent read model.
/// </summary>
public sealed class CachingConferenceDao(IConferenceDao inner, IMemoryCache cache) : IConferenceDao
{
    /// <summary>
    /// Details and aliases change rarely, but an unpublish must show within seconds: a few seconds of
    /// cache still spare the database all but one query in hundreds on a busy conference page.
    /// Reservations never rely on it (<see cref="IsOpenForRegistrationAsync"/> is not cached).
    /// </summary>
    public static readonly TimeSpan ConferenceTimeToCache = TimeSpan.FromSeconds(5);

    /// <summary>Seat type names change rarely.</summary>
    public static readonly TimeSpan SeatTypeNamesTimeToCache = TimeSpan.FromMinutes(5);

    /// <summary>
    /// An unpublished conference is not cached: it is usually about to be published (the business
    /// customer is setting it up), and caching it would hide it for a whole <see cref="ConferenceTimeToCache"/>.
    /// </summary>
    public static TimeSpan ConferenceTimeToCacheFor(bool isPublished) => isPublished ? ConferenceTimeToCache : TimeSpan.Zero;

    /// <summary>
    /// How long published seat types may be served from the cache (zero: not cached): any with fewer
    /// than 30 seats left: not cached; any sold out or with fewer than 100 left: 20 seconds; every one
    /// with more than 200 left: 5 minutes; otherwise 1 minute. No seat types at all: 20 seconds. Sold
    /// out is not cached long: seats come back as reservations expire or the quota grows, and a
    /// conference just published shows none until the processor has added its seats.
    /// </summary>
    public static TimeSpan SeatTypesTimeToCache(IReadOnlyCollection<SeatType> seatTypes)
    {
        ArgumentNullException.ThrowIfNull(seatTypes);
        if (seatTypes.Count == 0)
        {
            return TimeSpan.FromSeconds(20);
        }

        if (seatTypes.Any(s => s.AvailableQuantity is > 0 and < 30))
        {
            return TimeSpan.Zero;
        }

        if (seatTypes.Any(s => s.AvailableQuantity <= 0))
        {
            return TimeSpan.FromSeconds(20);
        }

        if (seatTypes.All(s => s.AvailableQuantity > 200))
        {
            return TimeSpan.FromMinutes(5);
        }

        if (seatTypes.Any(s => s.AvailableQuantity is > 0 and < 100))
        {
            return TimeSpan.FromSeconds(20);
        }

        return TimeSpan.FromMinutes(1);
    }

    public Task<ConferenceDetails?> GetConferenceDetailsAsync(string conferenceCode, CancellationToken cancellationToken) =>
        GetOrAddAsync((nameof(ConferenceDetails), conferenceCode), token => inner.GetConferenceDetailsAsync(conferenceCode, token), d => ConferenceTimeToCacheFor(d.IsPublished), cancellationToken);

    public Task<ConferenceAlias?> GetConferenceAliasAsync(string conferenceCode, CancellationToken cancellationToken) =>
        GetOrAddAsync((nameof(ConferenceAlias), conferenceCode), token => inner.GetConferenceAliasAsync(conferenceCode, token), a => ConferenceTimeToCacheFor(a.IsPublished), cancellationToken);

    public async Task<IReadOnlyList<ConferenceDetails>> GetPublishedConferencesAsync(CancellationToken cancellationToken) =>
        (await GetOrAddAsync<IReadOnlyList<ConferenceDetails>>(nameof(GetPublishedConferencesAsync), async token => await inner.GetPublishedConferencesAsync(token), _ => ConferenceTimeToCache, cancellationToken))!;

    public Task<bool> IsOpenForRegistrationAsync(Guid conferenceId, CancellationToken cancellationToken) =>
        inner.IsOpenForRegistrationAsync(conferenceId, cancellationToken);

    public async Task<IReadOnlyList<SeatType>> GetPublishedSeatTypesAsync(Guid conferenceId, CancellationToken cancellationToken) =>
        (await GetOrAddAsync<IReadOnlyList<SeatType>>((nameof(GetPublishedSeatTypesAsync), conferenceId), async token => await inner.GetPublishedSeatTypesAsync(conferenceId, token), SeatTypesTimeToCache, cancellationToken))!;

    public async Task<IReadOnlyList<SeatTypeName>> GetSeatTypeSummariesAsync(IEnumerable<Guid> seatTypes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seatTypes);
        var ids = seatTypes.Distinct().Order().ToArray();
        var key = (nameof(GetSeatTypeSummariesAsync), string.Join(',', ids));
        return (await GetOrAddAsync<IReadOnlyList<SeatTypeName>>(key, async token => await inner.GetSeatTypeSummariesAsync(ids, token), _ => SeatTypeNamesTimeToCache, cancellationToken))!;
    }

    /// <summary>Unknown conferences (null) are not cached: one may be created any moment.</summary>
    private async Task<T?> GetOrAddAsync<T>(object key, Func<CancellationToken, Task<T?>> load, Func<T, TimeSpan> timeToCache, CancellationToken cancellationToken)
        where T : class
    {
        if (cache.TryGetValue(key, out T? cached) && cached is not null)
        {
            return cached;
        }

        var value = await load(cancellationToken);
        if (value is not null && timeToCache(value) is { } duration && duration > TimeSpan.Zero)
        {
            cache.Set(key, value, duration);
        }

        return value;
    }
}
