using Conference.Contracts.Events;
using Conference.Tests.Fakes;
using Infrastructure.Messaging;
using Infrastructure.Sql.Messaging;
using Infrastructure.Sql.Outbox;
using Infrastructure.Sql.Testing;

namespace Conference.Tests;

/// <summary>
/// The outbox on a real SQL transport: an integration event is committed with its change and reaches
/// subscribers exactly once per message id, whatever point the process dies at.
/// </summary>
public abstract class ConferenceOutboxSpecs : ConferenceDatabaseSpecs
{
    private const string Topic = "conference/events";
    private const string Subscription = "all";
    private SqlMessageTransport transport = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        transport = new SqlMessageTransport(Database.Database);
        await transport.Topology.EnsureTopologyAsync(
            new MessagingTopology([new TopicSettings(Topic, [new SubscriptionSettings(Subscription, SubscriptionFilter.All)]) { IsEventBus = true }]),
            default);
    }

    [SkippableFact]
    public async Task given_the_process_dies_after_the_commit_but_before_publishing_when_the_outbox_publisher_runs_then_the_event_is_published_once()
    {
        var crashing = new CrashingEventBus();
        var conference = await WithServiceAsync(crashing, s => s.CreateConferenceAsync(Owner(), Details(), default));

        Assert.Equal(1, crashing.Attempts);
        Assert.Equal(1, (await WithServiceAsync(crashing, s => s.FindConferenceAsync(conference.Id, default)))?.Version);
        Assert.Equal([1], (await OutboxAsync()).Select(r => r.Version));
        Assert.Empty(await ReceiveAllAsync());

        Assert.Equal(1, await OutboxPublisher(RealBus()).PublishPendingAsync(default));
        Assert.Equal(0, await OutboxPublisher(RealBus()).PublishPendingAsync(default));

        var received = Assert.Single(await ReceiveAllAsync());
        Assert.Equal(MessageIds.ForVersionedEvent("ConferenceCreated", conference.Id, 1), received.Message.MessageId);
        var created = Assert.IsType<ConferenceCreated>(Serializer.Deserialize(received.Message.TypeName, received.Message.Body));
        Assert.Equal((conference.Id, 1), (created.SourceId, created.Version));
        Assert.Empty(await OutboxAsync());
    }

    [SkippableFact]
    public async Task given_the_process_dies_after_publishing_but_before_deleting_the_outbox_row_when_it_is_published_again_then_subscribers_get_each_message_once()
    {
        var conference = await WithServiceAsync(new CrashingEventBus(RealBus()), s => s.CreateConferenceAsync(Owner(), Details(), default));
        await WithServiceAsync(new CrashingEventBus(RealBus()), s => s.CreateSeatAsync(conference.Id, Seat(), default));
        Assert.Equal([1, 2], (await OutboxAsync()).Select(r => r.Version));

        Assert.Equal(2, await OutboxPublisher(RealBus()).PublishPendingAsync(default));

        var received = await ReceiveAllAsync();
        Assert.Equal(["ConferenceCreated", "SeatCreated"], received.Select(m => m.Message.TypeName));
        Assert.Equal(2, received.Select(m => m.Message.MessageId).Distinct().Count());
        Assert.Empty(await OutboxAsync());
    }

    [SkippableFact]
    public async Task given_the_service_and_the_outbox_publisher_both_publish_a_row_then_subscribers_get_it_once()
    {
        var conference = await WithServiceAsync(new CrashingEventBus(), s => s.CreateConferenceAsync(Owner(), Details(), default));
        await Task.WhenAll(
            OutboxPublisher(RealBus()).PublishPendingAsync(default),
            OutboxPublisher(RealBus()).PublishPendingAsync(default),
            WithServiceAsync(RealBus(), s => s.PublishAsync(conference.Id, default)));

        var received = await ReceiveAllAsync();
        Assert.Equal(["ConferenceCreated", "ConferencePublished"], received.Select(m => m.Message.TypeName).Order());
        Assert.Empty(await OutboxAsync());
    }

    [SkippableFact]
    public async Task given_events_of_several_conferences_left_behind_when_the_outbox_publisher_runs_then_each_conference_is_sent_in_version_order()
    {
        var crashing = new CrashingEventBus();
        var conferences = new List<Guid>();
        foreach (var slug in new[] { "first", "second" })
        {
            var conference = await WithServiceAsync(crashing, s => s.CreateConferenceAsync(Owner(), Details(slug), default));
            await WithServiceAsync(crashing, s => s.CreateSeatAsync(conference.Id, Seat("A"), default));
            await WithServiceAsync(crashing, s => s.CreateSeatAsync(conference.Id, Seat("B"), default));
            await WithServiceAsync(crashing, s => s.PublishAsync(conference.Id, default));
            conferences.Add(conference.Id);
        }

        var recording = new RecordingEventBus();
        Assert.Equal(8, await OutboxPublisher(recording).PublishPendingAsync(default));

        foreach (var id in conferences)
        {
            var versions = recording.Published.Where(e => e.PartitionKey == id.ToString()).Select(e => ((IVersionedEvent)e.Body).Version);
            Assert.Equal([1, 2, 3, 4], versions);
        }

        Assert.Empty(await OutboxAsync());
    }

    [SkippableFact]
    public async Task given_the_bus_is_down_when_the_outbox_publisher_runs_then_the_rows_stay_for_the_next_scan()
    {
        var crashing = new CrashingEventBus();
        await WithServiceAsync(crashing, s => s.CreateConferenceAsync(Owner(), Details(), default));

        Assert.Equal(0, await OutboxPublisher(crashing).PublishPendingAsync(default));
        Assert.Single(await OutboxAsync());

        Assert.Equal(1, await OutboxPublisher(RealBus()).PublishPendingAsync(default));
        Assert.Single(await ReceiveAllAsync());
    }

    [SkippableFact]
    public async Task given_events_left_in_the_outbox_when_the_publisher_starts_then_it_publishes_them_without_waiting_for_a_scan()
    {
        await WithServiceAsync(new CrashingEventBus(), s => s.CreateConferenceAsync(Owner(), Details(), default));
        var publisher = OutboxPublisher(RealBus());

        await publisher.StartAsync(default);
        try
        {
            var received = await transport.CreateReceiver(Topic, Subscription).ReceiveAsync(TimeSpan.FromSeconds(10), default);
            Assert.Equal("ConferenceCreated", received?.Message.TypeName);
        }
        finally
        {
            await publisher.StopAsync(default);
        }
    }

    [SkippableFact]
    public async Task given_the_bus_is_down_when_the_outbox_publisher_starts_then_a_later_scan_publishes_the_events_left_behind()
    {
        var conference = await WithServiceAsync(new CrashingEventBus(), s => s.CreateConferenceAsync(Owner(), Details(), default));
        var bus = new TestEventBus();
        var publisher = OutboxPublisher(bus, new EventOutboxSweeperOptions { ScanInterval = TimeSpan.FromMilliseconds(100) });

        await publisher.RecoverOnALaterScanAsync(bus, 1, async () => (await OutboxAsync()).Count == 0);

        var created = Assert.Single(bus.Published);
        Assert.Equal(MessageIds.ForVersionedEvent("ConferenceCreated", conference.Id, 1), created.MessageId);
        Assert.Equal(conference.Id.ToString(), created.PartitionKey);
    }

    private EventBus RealBus() => new(transport.CreateSender(Topic), Serializer);

    private async Task<List<ReceivedMessage>> ReceiveAllAsync()
    {
        var receiver = transport.CreateReceiver(Topic, Subscription);
        var messages = new List<ReceivedMessage>();
        while (await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(300), default) is { } message)
        {
            messages.Add(message);
            await receiver.CompleteAsync(message, default);
        }

        return messages;
    }
}

public sealed class SqliteConferenceOutboxSpecs : ConferenceOutboxSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresConferenceOutboxSpecs : ConferenceOutboxSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}

/// <summary>On SQL Server when CONFERENCE_TEST_SQLSERVER names one; reported skipped otherwise.</summary>
public sealed class SqlServerConferenceOutboxSpecs : ConferenceOutboxSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqlServerTestDatabase.CreateAsync();
}
