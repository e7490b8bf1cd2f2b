using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;

namespace Registration.ReadModel.Tests;

public class CachingConferenceDaoSpecs
{
    private static readonly Guid ConferenceId = Guid.NewGuid();
    private readonly CountingConferenceDao inner = new();
    private readonly ManualClock clock = new();
    private readonly CachingConferenceDao dao;

    public CachingConferenceDaoSpecs()
    {
        dao = new CachingConferenceDao(inner, new MemoryCache(new MemoryCacheOptions { Clock = clock }));
    }

    [Theory]
    [InlineData(new[] { 500 }, 300)]
    [InlineData(new[] { 201, 0 }, 20)]
    [InlineData(new[] { 0 }, 20)]
    [InlineData(new[] { 0, 10 }, 0)]
    [InlineData(new[] { 200 }, 60)]
    [InlineData(new[] { 100, 500 }, 60)]
    [InlineData(new[] { 99, 500 }, 20)]
    [InlineData(new[] { 30 }, 20)]
    [InlineData(new[] { 29, 500 }, 0)]
    [InlineData(new[] { 1, 99 }, 0)]
    [InlineData(new int[0], 20)]
    public void given_seats_left_per_seat_type_when_the_cache_time_is_chosen_then_it_shrinks_as_seats_run_out(int[] available, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), CachingConferenceDao.SeatTypesTimeToCache(SeatTypes(available)));
    }

    [Fact]
    public async Task given_plenty_of_seats_when_seat_types_are_read_twice_within_five_minutes_then_the_database_is_read_once()
    {
        inner.SeatTypes = SeatTypes(500);

        await dao.GetPublishedSeatTypesAsync(ConferenceId, default);
        clock.Advance(TimeSpan.FromMinutes(4));
        await dao.GetPublishedSeatTypesAsync(ConferenceId, default);
        Assert.Equal(1, inner.SeatTypeReads);

        clock.Advance(TimeSpan.FromMinutes(2));
        await dao.GetPublishedSeatTypesAsync(ConferenceId, default);
        Assert.Equal(2, inner.SeatTypeReads);
    }

    [Fact]
    public async Task given_fewer_than_a_hundred_seats_when_seat_types_are_read_after_twenty_seconds_then_the_database_is_read_again()
    {
        inner.SeatTypes = SeatTypes(80);

        await dao.GetPublishedSeatTypesAsync(ConferenceId, default);
        clock.Advance(TimeSpan.FromSeconds(19));
        await dao.GetPublishedSeatTypesAsync(ConferenceId, default);
        clock.Advance(TimeSpan.FromSeconds(2));
        await dao.GetPublishedSeatTypesAsync(ConferenceId, default);

        Assert.Equal(2, inner.SeatTypeReads);
    }

    [Fact]
    public async Task given_the_last_few_seats_when_seat_types_are_read_then_every_read_goes_to_the_database()
    {
        inner.SeatTypes = SeatTypes(500, 12);

        await dao.GetPublishedSeatTypesAsync(ConferenceId, default);
        await dao.GetPublishedSeatTypesAsync(ConferenceId, default);

        Assert.Equal(2, inner.SeatTypeReads);
    }

    [Fact]
    public async Task given_an_unknown_conference_when_it_is_looked_up_then_the_miss_is_not_cached()
    {
        Assert.Null(await dao.GetConferenceDetailsAsync("later", default));
        inner.Details = new ConferenceDetails(ConferenceId, "later", "Later", "", "", null, null, default, default, true);

        Assert.Equal("Later", (await dao.GetConferenceDetailsAsync("later", default))?.Name);
    }

    [Fact]
    public async Task given_a_known_conference_when_it_is_looked_up_twice_within_five_seconds_then_the_database_is_read_once()
    {
        inner.Details = new ConferenceDetails(ConferenceId, "cqrs", "CQRS", "", "", null, null, default, default, true);

        await dao.GetConferenceDetailsAsync("cqrs", default);
        clock.Advance(TimeSpan.FromSeconds(4));
        await dao.GetConferenceDetailsAsync("cqrs", default);

        Assert.Equal(1, inner.DetailsReads);
    }

    [Fact]
    public async Task given_a_published_conference_when_it_is_unpublished_then_look_ups_see_it_within_five_seconds()
    {
        inner.Details = new ConferenceDetails(ConferenceId, "gone", "Gone", "", "", null, null, default, default, true);
        Assert.True((await dao.GetConferenceDetailsAsync("gone", default))?.IsPublished);

        inner.Details = inner.Details with { IsPublished = false };
        clock.Advance(TimeSpan.FromSeconds(5.1));

        Assert.False((await dao.GetConferenceDetailsAsync("gone", default))?.IsPublished);
    }

    [Fact]
    public async Task given_a_cached_published_conference_when_asked_whether_it_is_open_for_registration_then_the_database_is_asked_every_time()
    {
        inner.Details = new ConferenceDetails(ConferenceId, "open", "Open", "", "", null, null, default, default, true);
        await dao.GetConferenceDetailsAsync("open", default);

        Assert.True(await dao.IsOpenForRegistrationAsync(ConferenceId, default));
        inner.IsPublished = false;
        Assert.False(await dao.IsOpenForRegistrationAsync(ConferenceId, default));
        Assert.Equal(2, inner.OpenChecks);
    }

    [Fact]
    public async Task given_an_unpublished_conference_when_it_is_published_then_the_next_look_up_sees_it()
    {
        inner.Details = new ConferenceDetails(ConferenceId, "soon", "Soon", "", "", null, null, default, default, false);
        Assert.False((await dao.GetConferenceDetailsAsync("soon", default))?.IsPublished);

        inner.Details = inner.Details with { IsPublished = true };

        Assert.True((await dao.GetConferenceDetailsAsync("soon", default))?.IsPublished);
        Assert.Equal(2, inner.DetailsReads);
    }

    [Fact]
    public async Task given_seat_type_names_when_the_same_ids_are_asked_in_another_order_then_the_cached_names_are_used()
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());

        await dao.GetSeatTypeSummariesAsync([first, second], default);
        await dao.GetSeatTypeSummariesAsync([second, first, second], default);

        Assert.Equal(1, inner.SummaryReads);
    }

    private static List<SeatType> SeatTypes(params int[] available) =>
        [.. available.Select((quantity, i) => new SeatType(Guid.NewGuid(), ConferenceId, $"Seat {i}", "", 100m, 1000, quantity))];

    private sealed class ManualClock : ISystemClock
    {
        public DateTimeOffset UtcNow { get; private set; } = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public void Advance(TimeSpan by) => UtcNow += by;
    }

    private sealed class CountingConferenceDao : IConferenceDao
    {
        public IReadOnlyList<SeatType> SeatTypes { get; set; } = [];

        public ConferenceDetails? Details { get; set; }

        public int SeatTypeReads { get; private set; }

        public int DetailsReads { get; private set; }

        public int SummaryReads { get; private set; }

        public Task<ConferenceDetails?> GetConferenceDetailsAsync(string conferenceCode, CancellationToken cancellationToken)
        {
            DetailsReads++;
            return Task.FromResult(Details);
        }

        public Task<ConferenceAlias?> GetConferenceAliasAsync(string conferenceCode, CancellationToken cancellationToken) =>
            Task.FromResult<ConferenceAlias?>(null);

        public bool IsPublished { get; set; } = true;

        public int OpenChecks { get; private set; }

        public Task<IReadOnlyList<ConferenceDetails>> GetPublishedConferencesAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ConferenceDetails>>(Details is { IsPublished: true } d ? [d] : []);

        public Task<bool> IsOpenForRegistrationAsync(Guid conferenceId, CancellationToken cancellationToken)
        {
            OpenChecks++;
            return Task.FromResult(IsPublished);
        }

        public Task<IReadOnlyList<SeatType>> GetPublishedSeatTypesAsync(Guid conferenceId, CancellationToken cancellationToken)
        {
            SeatTypeReads++;
            return Task.FromResult(SeatTypes);
        }

        public Task<IReadOnlyList<SeatTypeName>> GetSeatTypeSummariesAsync(IEnumerable<Guid> seatTypes, CancellationToken cancellationToken)
        {
            SummaryReads++;
            return Task.FromResult<IReadOnlyList<SeatTypeName>>([.. seatTypes.Select(id => new SeatTypeName(id, "Seat"))]);
        }
    }
}
