using Conference.Contracts.Events;
using Conference.Tests.Fakes;
using Infrastructure;
using Infrastructure.Messaging;
using Infrastructure.Resilience;
using Infrastructure.Sql.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conference.Tests;

/// <summary>The business customer's operations: rules, integration events and versions.</summary>
public abstract class ConferenceServiceSpecs : ConferenceDatabaseSpecs
{
    private readonly RecordingEventBus bus = new();

    [SkippableFact]
    public async Task given_valid_details_when_a_conference_is_created_then_it_is_unpublished_at_version_1_with_a_six_character_access_code()
    {
        var created = await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), Details(), default));

        var found = await WithServiceAsync(bus, s => s.FindConferenceAsync(created.Id, default));
        Assert.NotNull(found);
        Assert.Equal("cqrs-summit", found.Slug);
        Assert.Equal("Ada Lovelace", found.OwnerName);
        Assert.Equal(Start, found.StartDate);
        Assert.False(found.IsPublished);
        Assert.False(found.WasEverPublished);
        Assert.Equal(1, found.Version);
        Assert.Matches("^[A-Z2-9]{6}$", found.AccessCode);
    }

    [SkippableFact]
    public async Task when_a_conference_is_created_then_ConferenceCreated_version_1_is_published_and_the_outbox_is_empty()
    {
        var created = await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), Details(), default));

        var envelope = Assert.Single(bus.Published);
        var e = Assert.IsType<ConferenceCreated>(envelope.Body);
        Assert.Equal(created.Id, e.SourceId);
        Assert.Equal(1, e.Version);
        Assert.Equal("CQRS Summit", e.Name);
        Assert.Equal("cqrs-summit", e.Slug);
        Assert.Equal(new Contracts.Owner("Ada Lovelace", "ada@contoso.com"), e.Owner);
        Assert.Equal(MessageIds.ForVersionedEvent("ConferenceCreated", created.Id, 1), envelope.MessageId);
        Assert.Equal(created.Id.ToString(), envelope.PartitionKey);
        Assert.Empty(await OutboxAsync());
    }

    [SkippableFact]
    public async Task given_two_conferences_when_both_are_created_then_their_access_codes_differ()
    {
        var a = await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), Details("a"), default));
        var b = await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), Details("b"), default));

        Assert.NotEqual(a.AccessCode, b.AccessCode);
    }

    [SkippableFact]
    public async Task given_a_conference_when_another_is_created_with_its_slug_in_another_case_then_DuplicateSlugException_and_nothing_is_saved()
    {
        await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), Details("cqrs-summit"), default));

        var ex = await Assert.ThrowsAsync<DuplicateSlugException>(() =>
            WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner("bob@contoso.com"), Details(" CQRS-Summit "), default)));

        Assert.Equal("cqrs-summit", ex.Slug);
        Assert.Single(bus.Published);
        Assert.Empty(await OutboxAsync());
    }

    [SkippableFact]
    public async Task given_many_creations_racing_for_one_slug_then_exactly_one_wins_and_the_others_get_DuplicateSlugException()
    {
        var attempts = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            try
            {
                await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner($"owner{i}@contoso.com"), Details("race"), default));
                return "created";
            }
            catch (DuplicateSlugException)
            {
                return "duplicate";
            }
        }));

        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, outcomes.Count(o => o == "created"));
        Assert.Equal(5, outcomes.Count(o => o == "duplicate"));
        Assert.Single(bus.Events.OfType<ConferenceCreated>());
        Assert.Empty(await OutboxAsync());
    }

    [SkippableFact]
    public async Task when_the_end_date_is_before_the_start_date_then_the_end_date_is_rejected_and_nothing_is_saved()
    {
        var details = Details() with { EndDate = Start.AddDays(-1) };

        var ex = await Assert.ThrowsAsync<ConferenceValidationException>(() => WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), details, default)));

        Assert.Equal(nameof(ConferenceDetails.EndDate), ex.MemberName);
        Assert.Null(await WithServiceAsync(bus, s => s.FindConferenceAsync("cqrs-summit", default)));
        Assert.Empty(bus.Published);
    }

    [SkippableFact]
    public async Task when_a_required_field_is_blank_then_it_is_named_and_nothing_is_saved()
    {
        var ex = await Assert.ThrowsAsync<ConferenceValidationException>(() =>
            WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), Details() with { Name = "  " }, default)));

        Assert.Equal(nameof(ConferenceDetails.Name), ex.MemberName);
        Assert.Empty(bus.Published);
        Assert.Empty(await OutboxAsync());
    }

    [SkippableFact]
    public async Task given_a_conference_when_found_by_slug_in_any_case_then_it_is_returned()
    {
        var created = await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), Details(), default));

        var found = await WithServiceAsync(bus, s => s.FindConferenceAsync("CQRS-Summit", default));

        Assert.Equal(created.Id, found?.Id);
        Assert.Null(await WithServiceAsync(bus, s => s.FindConferenceAsync("other", default)));
    }

    [SkippableFact]
    public async Task given_a_conference_when_located_by_owner_email_and_access_code_then_only_the_matching_pair_finds_it()
    {
        var created = await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner("Ada@Contoso.com"), Details(), default));

        var found = await WithServiceAsync(bus, s => s.FindConferenceAsync("ada@contoso.COM", created.AccessCode.ToLowerInvariant(), default));
        var wrongEmail = await WithServiceAsync(bus, s => s.FindConferenceAsync("eve@contoso.com", created.AccessCode, default));
        var wrongCode = await WithServiceAsync(bus, s => s.FindConferenceAsync("ada@contoso.com", created.AccessCode == "AAAAAA" ? "BBBBBB" : "AAAAAA", default));

        Assert.Equal(created.Id, found?.Id);
        Assert.Null(wrongEmail);
        Assert.Null(wrongCode);
    }

    [SkippableFact]
    public async Task given_a_conference_when_it_is_updated_then_ConferenceUpdated_carries_the_next_version_and_the_new_details()
    {
        var created = await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), Details(), default));

        var updated = await WithServiceAsync(bus, s => s.UpdateConferenceAsync(created.Id, Details() with { Location = "Seattle", Slug = "cqrs-2030" }, default));

        Assert.Equal(2, updated.Version);
        var e = Assert.IsType<ConferenceUpdated>(bus.Events[^1]);
        Assert.Equal((created.Id, 2, "Seattle", "cqrs-2030"), (e.SourceId, e.Version, e.Location, e.Slug));
        Assert.Equal("Ada Lovelace", e.Owner.Name);
        Assert.Equal("Seattle", (await WithServiceAsync(bus, s => s.FindConferenceAsync("cqrs-2030", default)))?.Location);
    }

    [SkippableFact]
    public async Task given_a_conference_when_it_is_updated_with_the_same_details_then_no_event_is_recorded_and_the_version_stays()
    {
        var created = await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), Details(), default));

        var updated = await WithServiceAsync(bus, s => s.UpdateConferenceAsync(created.Id, Details(), default));

        Assert.Equal(1, updated.Version);
        Assert.Single(bus.Published);
    }

    [SkippableFact]
    public async Task given_two_conferences_when_one_takes_the_others_slug_then_DuplicateSlugException()
    {
        await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), Details("first"), default));
        var second = await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), Details("second"), default));

        await Assert.ThrowsAsync<DuplicateSlugException>(() => WithServiceAsync(bus, s => s.UpdateConferenceAsync(second.Id, Details("first"), default)));

        Assert.Equal(1, (await WithServiceAsync(bus, s => s.FindConferenceAsync(second.Id, default)))?.Version);
    }

    [SkippableFact]
    public async Task given_an_unknown_conference_when_it_is_changed_then_EntityNotFoundException()
    {
        await Assert.ThrowsAsync<EntityNotFoundException>(() => WithServiceAsync(bus, s => s.PublishAsync(Guid.NewGuid(), default)));
        await Assert.ThrowsAsync<EntityNotFoundException>(() => WithServiceAsync(bus, s => s.CreateSeatAsync(Guid.NewGuid(), Seat(), default)));
    }

    [SkippableFact]
    public async Task when_a_conference_is_published_and_unpublished_then_each_change_is_one_event_and_it_stays_once_published()
    {
        var created = await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), Details(), default));

        var published = await WithServiceAsync(bus, s => s.PublishAsync(created.Id, default));
        await WithServiceAsync(bus, s => s.PublishAsync(created.Id, default));
        var unpublished = await WithServiceAsync(bus, s => s.UnpublishAsync(created.Id, default));
        await WithServiceAsync(bus, s => s.UnpublishAsync(created.Id, default));

        Assert.True(published.IsPublished);
        Assert.False(unpublished.IsPublished);
        Assert.True(unpublished.WasEverPublished);
        Assert.Collection(
            bus.Events.Skip(1),
            e => Assert.Equal(new ConferencePublished(created.Id, 2), e),
            e => Assert.Equal(new ConferenceUnpublished(created.Id, 3), e));
    }

    [SkippableFact]
    public async Task when_a_seat_type_is_created_then_SeatCreated_has_the_seat_type_as_source_and_the_conference_version()
    {
        var conference = await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), Details(), default));

        var seat = await WithServiceAsync(bus, s => s.CreateSeatAsync(conference.Id, Seat("General", 199.5m, 120), default));

        Assert.Equal(new SeatCreated(seat.Id, 2, conference.Id, "General", "General admission", 199.5m, 120), bus.Events[^1]);
        Assert.Equal(conference.Id.ToString(), bus.Published[^1].PartitionKey);
        var seats = await WithServiceAsync(bus, s => s.FindSeatTypesAsync(conference.Id, default));
        Assert.Equal([(seat.Id, 199.5m, 120)], seats.Select(x => (x.Id, x.Price, x.Quantity)));
    }

    [SkippableFact]
    public async Task given_seat_types_created_out_of_name_order_when_they_are_listed_then_they_come_in_the_order_they_were_created()
    {
        var conference = await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), Details(), default));
        foreach (var name in new[] { "General admission", "CQRS Workshop", "Additional cocktail party" })
        {
            await WithServiceAsync(bus, s => s.CreateSeatAsync(conference.Id, Seat(name, 100m, 10), default));
        }

        var seats = await WithServiceAsync(bus, s => s.FindSeatTypesAsync(conference.Id, default));

        Assert.Equal(["General admission", "CQRS Workshop", "Additional cocktail party"], seats.Select(s => s.Name));
        Assert.Equal([1, 2, 3], seats.Select(s => s.Position));
    }

    [SkippableFact]
    public async Task given_a_seat_type_when_its_quota_goes_up_then_down_and_its_price_changes_then_each_is_a_SeatUpdated_with_the_next_version()
    {
        var conference = await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), Details(), default));
        var seat = await WithServiceAsync(bus, s => s.CreateSeatAsync(conference.Id, Seat(quantity: 100), default));
        await WithServiceAsync(bus, s => s.PublishAsync(conference.Id, default));

        await WithServiceAsync(bus, s => s.UpdateSeatAsync(conference.Id, seat.Id, Seat(quantity: 150), default));
        await WithServiceAsync(bus, s => s.UpdateSeatAsync(conference.Id, seat.Id, Seat(quantity: 80), default));
        await WithServiceAsync(bus, s => s.UpdateSeatAsync(conference.Id, seat.Id, Seat(quantity: 80, price: 249m) with { Description = "Includes lunch" }, default));
        await WithServiceAsync(bus, s => s.UpdateSeatAsync(conference.Id, seat.Id, Seat(quantity: 80, price: 249m) with { Description = "Includes lunch" }, default));

        Assert.Equal(
            [(4, 150, 199m, "General admission"), (5, 80, 199m, "General admission"), (6, 80, 249m, "Includes lunch")],
            bus.Events.OfType<SeatUpdated>().Select(e => (e.Version, e.Quantity, e.Price, e.Description)));
        Assert.Equal(249m, (await WithServiceAsync(bus, s => s.FindSeatTypeAsync(seat.Id, default)))?.Price);
    }

    [SkippableFact]
    public async Task given_a_seat_type_of_another_conference_when_it_is_updated_through_this_one_then_EntityNotFoundException()
    {
        var mine = await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), Details("mine"), default));
        var theirs = await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), Details("theirs"), default));
        var seat = await WithServiceAsync(bus, s => s.CreateSeatAsync(theirs.Id, Seat(), default));

        await Assert.ThrowsAsync<EntityNotFoundException>(() => WithServiceAsync(bus, s => s.UpdateSeatAsync(mine.Id, seat.Id, Seat(quantity: 1), default)));
    }

    [SkippableFact]
    public async Task given_a_never_published_conference_when_a_seat_type_is_deleted_then_it_is_gone_and_Registration_is_told_its_quota_is_zero()
    {
        var conference = await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), Details(), default));
        var seat = await WithServiceAsync(bus, s => s.CreateSeatAsync(conference.Id, Seat(), default));

        await WithServiceAsync(bus, s => s.DeleteSeatAsync(conference.Id, seat.Id, default));

        Assert.Empty(await WithServiceAsync(bus, s => s.FindSeatTypesAsync(conference.Id, default)));
        Assert.Equal(new SeatUpdated(seat.Id, 3, conference.Id, "General", "General admission", 199m, 0), bus.Events[^1]);
    }

    [SkippableFact]
    public async Task given_a_conference_published_once_when_a_seat_type_is_deleted_then_ConferencePublishedException_and_the_seat_type_stays()
    {
        var conference = await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), Details(), default));
        var seat = await WithServiceAsync(bus, s => s.CreateSeatAsync(conference.Id, Seat(), default));
        await WithServiceAsync(bus, s => s.PublishAsync(conference.Id, default));
        await WithServiceAsync(bus, s => s.UnpublishAsync(conference.Id, default));

        await Assert.ThrowsAsync<ConferencePublishedException>(() => WithServiceAsync(bus, s => s.DeleteSeatAsync(conference.Id, seat.Id, default)));

        Assert.Single(await WithServiceAsync(bus, s => s.FindSeatTypesAsync(conference.Id, default)));
        Assert.Equal(4, (await WithServiceAsync(bus, s => s.FindConferenceAsync(conference.Id, default)))?.Version);
    }

    [SkippableFact]
    public async Task when_a_conference_goes_through_its_life_then_its_events_carry_versions_1_to_n_without_gaps()
    {
        var conference = await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), Details(), default));
        var general = await WithServiceAsync(bus, s => s.CreateSeatAsync(conference.Id, Seat("General"), default));
        await WithServiceAsync(bus, s => s.CreateSeatAsync(conference.Id, Seat("Workshop", 99m, 20), default));
        await WithServiceAsync(bus, s => s.PublishAsync(conference.Id, default));
        await WithServiceAsync(bus, s => s.UpdateSeatAsync(conference.Id, general.Id, Seat("General", quantity: 300), default));
        await WithServiceAsync(bus, s => s.UpdateConferenceAsync(conference.Id, Details() with { Tagline = null }, default));
        await WithServiceAsync(bus, s => s.UnpublishAsync(conference.Id, default));

        var versions = bus.Events.Cast<IVersionedEvent>().Select(e => e.Version).ToList();
        Assert.Equal(Enumerable.Range(1, 7), versions);
        Assert.Equal(
            ["ConferenceCreated", "SeatCreated", "SeatCreated", "ConferencePublished", "SeatUpdated", "ConferenceUpdated", "ConferenceUnpublished"],
            bus.Events.Select(e => e.GetType().Name));
        Assert.Equal(7, (await WithServiceAsync(bus, s => s.FindConferenceAsync(conference.Id, default)))?.Version);
    }

    [SkippableFact]
    public async Task given_two_units_of_work_on_the_same_version_when_both_save_then_the_second_is_a_ConcurrencyException_and_records_nothing()
    {
        var conference = await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), Details(), default));
        await using var staleContext = NewContext();
        var stale = new ConferenceService(staleContext, bus, Serializer, TimeProvider.System, NullLogger<ConferenceService>.Instance);
        await stale.UnpublishAsync(conference.Id, default); // loads version 1 into this unit of work, changes nothing

        await WithServiceAsync(bus, s => s.UpdateConferenceAsync(conference.Id, Details() with { Location = "Seattle" }, default));
        await Assert.ThrowsAsync<ConcurrencyException>(() => stale.UpdateConferenceAsync(conference.Id, Details() with { Location = "Paris" }, default));

        Assert.Equal("Seattle", (await WithServiceAsync(bus, s => s.FindConferenceAsync(conference.Id, default)))?.Location);
        Assert.Equal([1, 2], bus.Events.Cast<IVersionedEvent>().Select(e => e.Version));
        Assert.Empty(await OutboxAsync());
    }

    [SkippableFact]
    public async Task given_many_changes_racing_on_one_conference_when_conflicts_are_retried_then_every_change_gets_its_own_version()
    {
        var conference = await WithServiceAsync(bus, s => s.CreateConferenceAsync(Owner(), Details(), default));

        await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Task.Run(() =>
            ResiliencePipelines.ConcurrencyConflicts.ExecuteAsync(
                async token => await WithServiceAsync(bus, s => s.CreateSeatAsync(conference.Id, Seat($"Seat {i}"), token)),
                default).AsTask())));

        var versions = bus.Events.Cast<IVersionedEvent>().Select(e => e.Version).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 9), versions);
        Assert.Equal(8, (await WithServiceAsync(bus, s => s.FindSeatTypesAsync(conference.Id, default))).Count);
        Assert.Equal(9, (await WithServiceAsync(bus, s => s.FindConferenceAsync(conference.Id, default)))?.Version);
    }
}

public sealed class SqliteConferenceServiceSpecs : ConferenceServiceSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresConferenceServiceSpecs : ConferenceServiceSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}

/// <summary>On SQL Server when CONFERENCE_TEST_SQLSERVER names one; reported skipped otherwise.</summary>
public sealed class SqlServerConferenceServiceSpecs : ConferenceServiceSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqlServerTestDatabase.CreateAsync();
}
