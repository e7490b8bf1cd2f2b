using Infrastructure.MessageLog;

namespace Infrastructure.Conformance;

/// <summary>The message log contract: each (topic, message id) once, read back in logged order through the query filters.</summary>
public abstract class MessageLogConformance : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 12, 31, 23, 59, 0, TimeSpan.Zero);

    protected IMessageLog Log { get; private set; } = null!;

    /// <summary>A message log on fresh storage.</summary>
    protected abstract Task<IMessageLog> CreateAsync();

    /// <summary>Another message log on the same storage, as a second process would have.</summary>
    protected abstract IMessageLog CreatePeer();

    public virtual async Task InitializeAsync() => Log = await CreateAsync();

    public abstract Task DisposeAsync();

    [SkippableFact]
    public async Task when_entries_are_saved_then_they_read_back_in_logged_order_with_all_fields()
    {
        // Across a month and a year boundary, where time-partitioned storage changes partition.
        var logged = new[]
        {
            Entry("m-1", minutes: 0, kind: "Command", typeName: "RegisterToConference", sourceId: null, version: null, correlationId: null),
            Entry("m-2", minutes: 1, sourceId: "order-1", version: 1, correlationId: "m-1"),
            Entry("m-3", minutes: 2, sourceId: "order-1", version: 2),
        };
        foreach (var entry in logged)
        {
            await Log.SaveAsync(entry, default);
        }

        Assert.Equal(logged, await ReadAsync(new MessageLogQuery()));
    }

    [SkippableFact]
    public async Task when_a_message_is_saved_again_later_then_it_is_logged_once_at_its_first_position()
    {
        await Log.SaveAsync(Entry("m-1", minutes: 0), default);
        await Log.SaveAsync(Entry("m-2", minutes: 1), default);

        // A redelivered copy: same topic and id, enqueued again later.
        await Log.SaveAsync(Entry("m-1", minutes: 5), default);
        await CreatePeer().SaveAsync(Entry("m-1", minutes: 6), default);

        var entries = await ReadAsync(new MessageLogQuery());
        Assert.Equal(["m-1", "m-2"], entries.Select(e => e.MessageId));
        Assert.Equal(Start, entries[0].EnqueuedTime);
    }

    [SkippableFact]
    public async Task when_one_message_id_crosses_two_topics_then_each_topic_logs_it()
    {
        await Log.SaveAsync(Entry("m-1", minutes: 0, topic: "conference/commands"), default);
        await Log.SaveAsync(Entry("m-1", minutes: 1, topic: "conference/events"), default);

        Assert.Equal(["conference/commands", "conference/events"], (await ReadAsync(new MessageLogQuery())).Select(e => e.Topic));
    }

    [SkippableFact]
    public async Task when_many_copies_of_a_message_are_saved_at_once_then_it_is_logged_once()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? Log : CreatePeer()).SaveAsync(Entry("m-1", minutes: i), default)));

        Assert.Single(await ReadAsync(new MessageLogQuery()));
    }

    [SkippableFact]
    public async Task when_reading_with_filters_then_only_matching_entries_come_back_in_order()
    {
        await Log.SaveAsync(Entry("c-1", minutes: 0, kind: "Command", typeName: "RegisterToConference", sourceId: null, version: null), default);
        await Log.SaveAsync(Entry("e-1", minutes: 1, typeName: "OrderPlaced", sourceId: "order-1"), default);
        await Log.SaveAsync(Entry("e-2", minutes: 2, typeName: "OrderUpdated", sourceId: "order-2"), default);
        await Log.SaveAsync(Entry("e-3", minutes: 3, typeName: "OrderConfirmed", sourceId: "order-1"), default);
        await Log.SaveAsync(Entry("e-4", minutes: 4, typeName: "OrderPlaced", sourceId: "order-3"), default);

        Assert.Equal(["c-1"], await IdsAsync(new MessageLogQuery { Kind = "Command" }));
        Assert.Equal(["e-1", "e-2", "e-3", "e-4"], await IdsAsync(new MessageLogQuery { Kind = "Event" }));
        Assert.Equal(["e-1", "e-3", "e-4"], await IdsAsync(new MessageLogQuery { TypeNames = ["OrderPlaced", "OrderConfirmed"] }));
        Assert.Equal(["e-1", "e-3"], await IdsAsync(new MessageLogQuery { SourceId = "order-1" }));
        Assert.Equal(["c-1", "e-1", "e-2"], await IdsAsync(new MessageLogQuery { Until = Start.AddMinutes(2) }));
        Assert.Equal(["e-1"], await IdsAsync(new MessageLogQuery { Kind = "Event", TypeNames = ["OrderPlaced"], SourceId = "order-1", Until = Start.AddMinutes(3) }));
        Assert.Empty(await IdsAsync(new MessageLogQuery { Until = Start.AddMinutes(-1) }));
    }

    [SkippableFact]
    public async Task when_more_type_names_are_asked_for_than_a_storage_filter_may_hold_then_the_filter_still_applies()
    {
        await Log.SaveAsync(Entry("e-1", minutes: 0, typeName: "Wanted"), default);
        await Log.SaveAsync(Entry("e-2", minutes: 1, typeName: "Unwanted"), default);

        var many = Enumerable.Range(0, 30).Select(i => $"Other{i}").Append("Wanted").ToList();

        Assert.Equal(["e-1"], await IdsAsync(new MessageLogQuery { TypeNames = many }));
    }

    protected static MessageLogEntry Entry(
        string messageId,
        int minutes,
        string topic = "conference/events",
        string kind = "Event",
        string typeName = "OrderPlaced",
        string? sourceId = "order-1",
        int? version = 1,
        string? correlationId = "cmd-1") => new()
        {
            MessageId = messageId,
            Topic = topic,
            Kind = kind,
            TypeName = typeName,
            SourceId = sourceId,
            Version = version,
            CorrelationId = correlationId,
            EnqueuedTime = Start.AddMinutes(minutes),
            Payload = $$"""{"id":"{{messageId}}"}""",
        };

    protected async Task<List<MessageLogEntry>> ReadAsync(MessageLogQuery query)
    {
        var entries = new List<MessageLogEntry>();
        await foreach (var entry in Log.ReadAsync(query, default))
        {
            entries.Add(entry);
        }

        return entries;
    }

    private async Task<List<string>> IdsAsync(MessageLogQuery query) => [.. (await ReadAsync(query)).Select(e => e.MessageId)];
}
