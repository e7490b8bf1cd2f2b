using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Infrastructure.MessageLog;
using Infrastructure.Messaging;
using Infrastructure.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Infrastructure.Conformance;

/// <summary>
/// How messages are settled by the processor over a real transport: poison messages and business-rule
/// refusals are dead-lettered at once with the reason and never block the rest; failures, conflicts and
/// deferrals are retried; shutdown loses nothing.
/// </summary>
public abstract class MessageProcessorConformance : IAsyncLifetime
{
    protected IMessageTransport Transport { get; private set; } = null!;

    protected abstract Task<IMessageTransport> CreateTransportAsync();

    /// <summary>The message log of the same storage.</summary>
    protected abstract IMessageLog CreateMessageLog();

    public virtual async Task InitializeAsync()
    {
        Transport = await CreateTransportAsync();
        await Transport.Topology.EnsureTopologyAsync(TestTopology.Value, default);
    }

    public abstract Task DisposeAsync();

    [SkippableFact]
    public async Task when_a_message_has_an_unknown_type_then_it_is_dead_lettered_and_the_next_message_is_still_handled()
    {
        var handler = new PingHandler();
        await SendAsync(new TransportMessage { MessageId = "unknown", TypeName = "NoSuchType", Body = "{}" });
        await SendPingAsync("after");

        await RunUntilAsync(handler, () => handler.Handled.Contains("after"));

        var deadLetter = Assert.Single(await DeadLettersAsync());
        Assert.Equal("unknown", deadLetter.Message.MessageId);
        Assert.Equal(DeadLetterReasons.UnknownMessageType, deadLetter.Reason);
        Assert.Contains("NoSuchType", deadLetter.ErrorDescription, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task when_a_message_body_is_corrupt_then_it_is_dead_lettered_with_the_reason_and_the_rest_flow()
    {
        var handler = new PingHandler();
        await SendAsync(new TransportMessage { MessageId = "corrupt", TypeName = nameof(PingCommand), Body = "{not json" });
        await SendAsync(new TransportMessage { MessageId = "missing-field", TypeName = nameof(PingCommand), Body = """{"id":"7d3e0b9c-4f3c-4d6e-9a6c-2b1f0e8d9c71"}""" });
        await SendPingAsync("after");

        await RunUntilAsync(handler, () => handler.Handled.Contains("after"));

        var deadLetters = await DeadLettersAsync();
        Assert.Equal(["corrupt", "missing-field"], deadLetters.Select(d => d.Message.MessageId).Order());
        Assert.All(deadLetters, d => Assert.Equal(DeadLetterReasons.DeserializationFailed, d.Reason));
    }

    [SkippableFact]
    public async Task when_a_handler_always_fails_then_the_message_is_dead_lettered_with_the_exception_after_the_delivery_limit()
    {
        var handler = new PingHandler { FailTexts = { "poison" } };
        await SendPingAsync("poison");
        await SendPingAsync("fine");

        await RunUntilAsync(handler, async () => handler.Handled.Contains("fine") && (await DeadLettersAsync()).Count == 1);

        var deadLetter = Assert.Single(await DeadLettersAsync());
        Assert.Equal(DeadLetterReasons.HandlerFailed, deadLetter.Reason);
        Assert.Contains("handler refused poison", deadLetter.ErrorDescription, StringComparison.Ordinal);
        Assert.Equal(TestTopology.MaxDeliveryCount, handler.Attempts["poison"]);
    }

    [SkippableFact]
    public async Task when_a_handler_fails_transiently_then_the_message_is_retried_until_it_succeeds()
    {
        var handler = new PingHandler { FailuresBeforeSuccess = 2 };
        await SendPingAsync("flaky");

        await RunUntilAsync(handler, () => handler.Handled.Contains("flaky"));

        Assert.Equal(3, handler.Attempts["flaky"]);
        Assert.Empty(await DeadLettersAsync());
    }

    [SkippableFact]
    public async Task when_a_handler_hits_concurrency_conflicts_then_it_is_retried_until_it_succeeds()
    {
        var handler = new PingHandler { ConflictsBeforeSuccess = 3 };
        await SendPingAsync("contended");

        await RunUntilAsync(handler, () => handler.Handled.Contains("contended"));

        Assert.Equal(4, handler.Attempts["contended"]);
        Assert.Empty(await DeadLettersAsync());
    }

    [SkippableFact]
    public async Task when_a_handler_loses_more_races_than_are_retried_in_process_then_it_is_redelivered_and_logged_as_a_debug_line_without_a_stack_trace()
    {
        // Eleven attempts in process (the conflict pipeline's ten retries) end the first delivery.
        var handler = new PingHandler { ConflictsBeforeSuccess = 11 };
        var logger = new RecordingLogger();
        await SendPingAsync("hot");

        await RunUntilAsync(handler, () => Task.FromResult(handler.Handled.Contains("hot")), logger);

        Assert.Equal(12, handler.Attempts["hot"]);
        Assert.Empty(await DeadLettersAsync());
        var conflict = Assert.Single(logger.Entries, e => e.Message.Contains("lost a concurrency race", StringComparison.Ordinal));
        Assert.Equal((LogLevel.Debug, null), (conflict.Level, conflict.Exception));
        Assert.DoesNotContain(logger.Entries, e => e.Level >= LogLevel.Warning);
    }

    [SkippableFact]
    public async Task when_a_handler_defers_a_message_then_it_comes_back_later()
    {
        var handler = new PingHandler { DeferralsBeforeSuccess = 2 };
        await SendPingAsync("early");

        await RunUntilAsync(handler, () => handler.Handled.Contains("early"));

        Assert.Equal(3, handler.Attempts["early"]);
        Assert.Empty(await DeadLettersAsync());
    }

    [SkippableFact]
    public async Task when_a_handler_refuses_a_command_by_a_business_rule_then_it_is_dead_lettered_on_its_first_delivery_with_the_rule_and_the_rest_flow()
    {
        var handler = new PingHandler { RefuseTexts = { "refused" } };
        var logger = new RecordingLogger();
        using var counted = new DeadLetterCounter();
        await SendPingAsync("refused");
        await SendPingAsync("fine");

        await RunUntilAsync(handler, async () => handler.Handled.Contains("fine") && (await DeadLettersAsync()).Count == 1, logger);

        var deadLetter = Assert.Single(await DeadLettersAsync());
        Assert.Equal(DeadLetterReasons.BusinessRuleViolation, deadLetter.Reason);
        Assert.Equal("the rule refuses refused", deadLetter.ErrorDescription);
        Assert.Equal(1, deadLetter.DeliveryCount);
        Assert.Equal(1, handler.Attempts["refused"]);
        Assert.Null(await Transport.CreateReceiver(TestTopology.Commands, TestTopology.All).ReceiveAsync(TimeSpan.FromMilliseconds(300), default));
        var warning = Assert.Single(logger.Entries, e => e.Message.Contains("the rule refuses refused", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Null(warning.Exception);
        Assert.Contains(DeadLetterReasons.BusinessRuleViolation, counted.Reasons);
    }

    [SkippableFact]
    public async Task when_a_handler_refuses_a_command_after_a_concurrency_conflict_then_the_refusal_still_settles_it_on_the_first_delivery()
    {
        // The conflict is retried in process against the newer state, which is what refuses the command.
        var handler = new PingHandler { ConflictsBeforeSuccess = 1, RefuseTexts = { "raced" } };
        await SendPingAsync("raced");

        await RunUntilAsync(handler, async () => (await DeadLettersAsync()).Count == 1);

        var deadLetter = Assert.Single(await DeadLettersAsync());
        Assert.Equal((DeadLetterReasons.BusinessRuleViolation, 1), (deadLetter.Reason, deadLetter.DeliveryCount));
        Assert.Equal(2, handler.Attempts["raced"]);
    }

    [SkippableFact]
    public async Task when_the_processor_stops_while_a_handler_runs_then_the_message_is_finished_and_nothing_is_lost()
    {
        var handler = new PingHandler { HandlingTime = TimeSpan.FromMilliseconds(800) };
        await SendPingAsync("in-flight");
        using var stop = new CancellationTokenSource();
        var run = Processor(handler).RunAsync(stop.Token);
        await Eventually.HoldsAsync(() => handler.Attempts.ContainsKey("in-flight"));

        await stop.CancelAsync();
        await run;

        Assert.Contains("in-flight", handler.Handled);
        Assert.Null(await Transport.CreateReceiver(TestTopology.Commands, TestTopology.All).ReceiveAsync(TimeSpan.FromMilliseconds(300), default));
    }

    [SkippableFact]
    public async Task when_shutdown_outlasts_the_grace_period_then_the_message_is_abandoned_and_delivered_again()
    {
        var handler = new PingHandler { HandlingTime = TimeSpan.FromSeconds(30) };
        await SendPingAsync("slow");
        using var stop = new CancellationTokenSource();
        var run = Processor(handler, TimeSpan.FromMilliseconds(200)).RunAsync(stop.Token);
        await Eventually.HoldsAsync(() => handler.Attempts.ContainsKey("slow"));

        await stop.CancelAsync();
        await run;

        var again = await Transport.CreateReceiver(TestTopology.Commands, TestTopology.All).ReceiveAsync(Eventually.Patience, default);
        Assert.NotNull(again);
        Assert.Equal(2, again.DeliveryCount);
    }

    [SkippableFact]
    public async Task when_messages_cross_a_topic_then_the_message_log_records_each_exactly_once()
    {
        var log = CreateMessageLog();
        var sender = Transport.CreateSender(TestTopology.Events);
        await sender.SendAsync([TestTopology.Message("A", "e-1"), TestTopology.Message("B", "e-2")], default);
        var receiver = Transport.CreateReceiver(TestTopology.Events, TestTopology.Log);
        var processor = new MessageProcessor(receiver, new MessageLogWriter(log, TestTopology.Value), new MessageProcessorOptions { ReceiveWait = TimeSpan.FromMilliseconds(200) }, NullLogger<MessageProcessor>.Instance);
        using var stop = new CancellationTokenSource();
        var run = processor.RunAsync(stop.Token);

        await Eventually.HoldsAsync(async () => (await ReadLogAsync(log, new MessageLogQuery())).Count == 2);
        // A redelivered copy (e.g. after a crash before completion) must not be logged twice.
        await new MessageLogWriter(log, TestTopology.Value).HandleAsync(
            new ReceivedMessage { Message = TestTopology.Message("A", "e-1"), SequenceNumber = 1, LockToken = "x", LockedUntil = DateTimeOffset.UtcNow, EnqueuedTime = DateTimeOffset.UtcNow, DeliveryCount = 2, Topic = TestTopology.Events, Subscription = TestTopology.Log },
            default);
        await stop.CancelAsync();
        await run;

        var entries = await ReadLogAsync(log, new MessageLogQuery());
        Assert.Equal(["e-1", "e-2"], entries.Select(e => e.MessageId));
        Assert.All(entries, e => Assert.Equal("Event", e.Kind));
        Assert.Equal(["e-2"], (await ReadLogAsync(log, new MessageLogQuery { TypeNames = ["B"] })).Select(e => e.MessageId));
    }

    private static async Task<List<MessageLogEntry>> ReadLogAsync(IMessageLog log, MessageLogQuery query)
    {
        var entries = new List<MessageLogEntry>();
        await foreach (var entry in log.ReadAsync(query, default))
        {
            entries.Add(entry);
        }

        return entries;
    }

    private MessageProcessor Processor(PingHandler handler, TimeSpan? grace = null, ILogger<MessageProcessor>? logger = null)
    {
        var services = new ServiceCollection().AddSingleton(handler).BuildServiceProvider();
        var dispatching = new DispatchingMessageHandler(
            MessageDispatcher.For(typeof(PingHandler)),
            new JsonMessageSerializer(TestMessageTypes.CreateRegistry()),
            services.GetRequiredService<IServiceScopeFactory>());
        return new MessageProcessor(
            Transport.CreateReceiver(TestTopology.Commands, TestTopology.All),
            dispatching,
            new MessageProcessorOptions
            {
                MaxDeliveryCount = TestTopology.MaxDeliveryCount,
                ReceiveWait = TimeSpan.FromMilliseconds(200),
                ShutdownGracePeriod = grace ?? TimeSpan.FromSeconds(10),
            },
            logger ?? NullLogger<MessageProcessor>.Instance);
    }

    private async Task RunUntilAsync(PingHandler handler, Func<bool> done) => await RunUntilAsync(handler, () => Task.FromResult(done()));

    private async Task RunUntilAsync(PingHandler handler, Func<Task<bool>> done, ILogger<MessageProcessor>? logger = null)
    {
        using var stop = new CancellationTokenSource();
        var run = Processor(handler, logger: logger).RunAsync(stop.Token);
        try
        {
            await Eventually.HoldsAsync(done);
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }

    private Task<IReadOnlyList<DeadLetteredMessage>> DeadLettersAsync() =>
        Transport.DeadLetters.ListAsync(TestTopology.Commands, TestTopology.All, 100, default);

    private Task SendAsync(TransportMessage message) => Transport.CreateSender(TestTopology.Commands).SendAsync([message], default);

    private Task SendPingAsync(string text) =>
        new CommandBus(Transport.CreateSender(TestTopology.Commands), new JsonMessageSerializer(TestMessageTypes.CreateRegistry()))
            .SendAsync(new PingCommand(text), default);

    /// <summary>A real handler whose behaviour each test sets: fail, conflict, refuse, defer or take its time.</summary>
    private sealed class PingHandler : ICommandHandler<PingCommand>
    {
        public ConcurrentBag<string> Handled { get; } = [];

        public ConcurrentDictionary<string, int> Attempts { get; } = new();

        public HashSet<string> FailTexts { get; } = [];

        public HashSet<string> RefuseTexts { get; } = [];

        public int FailuresBeforeSuccess { get; init; }

        public int ConflictsBeforeSuccess { get; init; }

        public int DeferralsBeforeSuccess { get; init; }

        public TimeSpan HandlingTime { get; init; }

        public async Task HandleAsync(PingCommand command, CancellationToken cancellationToken)
        {
            var attempt = Attempts.AddOrUpdate(command.Text, 1, (_, n) => n + 1);
            if (HandlingTime > TimeSpan.Zero)
            {
                await Task.Delay(HandlingTime, cancellationToken);
            }

            if (FailTexts.Contains(command.Text))
            {
                throw new InvalidOperationException($"handler refused {command.Text}");
            }

            if (attempt <= FailuresBeforeSuccess)
            {
                throw new TimeoutException("transient failure");
            }

            if (attempt <= ConflictsBeforeSuccess)
            {
                throw new ConcurrencyException("someone else saved first");
            }

            if (RefuseTexts.Contains(command.Text))
            {
                throw new BusinessRuleViolationException($"the rule refuses {command.Text}");
            }

            if (attempt <= DeferralsBeforeSuccess)
            {
                throw new MessageDeferredException("not yet", TimeSpan.FromMilliseconds(100));
            }

            Handled.Add(command.Text);
        }
    }

    /// <summary>What the processor logged, to check how an outcome is reported.</summary>
    private sealed class RecordingLogger : ILogger<MessageProcessor>
    {
        public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, formatter(state, exception), exception));
    }

    /// <summary>
    /// The reasons of the dead letters counted by the instrumentation while it listens (other suites
    /// running at the same time may add theirs: tests look for theirs, never for a total).
    /// </summary>
    private sealed class DeadLetterCounter : IDisposable
    {
        private readonly MeterListener listener = new();

        public DeadLetterCounter()
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == Instrumentation.Name && instrument.Name == "conference.messages.dead_lettered")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "reason" && tag.Value is string reason)
                    {
                        Reasons.Add(reason);
                    }
                }
            });
            listener.Start();
        }

        public ConcurrentBag<string> Reasons { get; } = [];

        public void Dispose() => listener.Dispose();
    }
}
