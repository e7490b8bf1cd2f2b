using System.Diagnostics;
using Infrastructure.Serialization;
using Microsoft.Extensions.Logging;

namespace Infrastructure.Messaging;

public sealed record MessageProcessorOptions
{
    /// <summary>Messages handled at the same time on this subscription by this process.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>Deliveries before a failing message is dead-lettered with its exception.</summary>
    public int MaxDeliveryCount { get; init; } = SubscriptionSettings.DefaultMaxDeliveryCount;

    /// <summary>How long a receive call waits for a message before asking again.</summary>
    public TimeSpan ReceiveWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>On shutdown, how long in-flight handlers may run before they are cancelled and their messages abandoned.</summary>
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Receives from one subscription and settles every message: completed after success; abandoned (with
/// back-off) after a failure, a concurrency conflict (a debug line: a lost race is expected) or a
/// deferral; dead-lettered with the reason at once when it can never succeed (unknown type, corrupt
/// body, no handler, a business rule refusing it), or once it has failed <see cref="MessageProcessorOptions.MaxDeliveryCount"/> times.
/// A failure to settle is logged and left to the lock expiry: the message is delivered again, never lost.
/// </summary>
public sealed partial class MessageProcessor(
    IMessageReceiver receiver,
    IReceivedMessageHandler handler,
    MessageProcessorOptions options,
    ILogger<MessageProcessor> logger)
{
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var hardStop = new CancellationTokenSource();
        using var slots = new SemaphoreSlim(options.MaxConcurrency);
        var inFlight = new HashSet<Task>();
        LogStarted(receiver.Topic, receiver.Subscription, handler.GetType().Name);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            ReceivedMessage? message;
            try
            {
                message = await receiver.ReceiveAsync(options.ReceiveWait, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                slots.Release();
                break;
            }
            catch (Exception ex)
            {
                slots.Release();
                LogReceiveFailed(ex, receiver.Topic, receiver.Subscription);
                await DelayQuietly(TimeSpan.FromSeconds(1), stoppingToken);
                continue;
            }

            if (message is null)
            {
                slots.Release();
                continue;
            }

            var task = ProcessInTurnAsync(message, stoppingToken, hardStop.Token);
            lock (inFlight)
            {
                inFlight.Add(task);
            }

            _ = task.ContinueWith(
                t =>
                {
                    lock (inFlight)
                    {
                        inFlight.Remove(t);
                    }

                    slots.Release();
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        Task[] remaining;
        lock (inFlight)
        {
            remaining = [.. inFlight];
        }

        if (remaining.Length > 0)
        {
            hardStop.CancelAfter(options.ShutdownGracePeriod);
            await Task.WhenAll(remaining);
        }

        LogStopped(receiver.Topic, receiver.Subscription);
    }

    /// <summary>Handles and settles one message. Never throws.</summary>
    public Task ProcessAsync(ReceivedMessage message, CancellationToken cancellationToken) =>
        ProcessAsync(message, takeNext: false, cancellationToken);

    /// <summary>
    /// Handles the message and, while the transport hands over the next one with each completion (the SQL
    /// transport batches the completion and claims the next at once) and the processor is not stopping,
    /// those after it in the same slot.
    /// </summary>
    private async Task ProcessInTurnAsync(ReceivedMessage message, CancellationToken stoppingToken, CancellationToken hardStop)
    {
        for (ReceivedMessage? next = message; next is not null;)
        {
            next = await ProcessAsync(next, takeNext: !stoppingToken.IsCancellationRequested, hardStop);
        }
    }

    /// <summary>Handles and settles one message; returns the next one when the completion handed one over. Never throws.</summary>
    private async Task<ReceivedMessage?> ProcessAsync(ReceivedMessage message, bool takeNext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ReceivedMessage? next = null;
        var started = Stopwatch.GetTimestamp();
        var tags = new TagList { { "subscription", message.Subscription }, { "type", message.Message.TypeName } };
        try
        {
            await handler.HandleAsync(message, cancellationToken);
            if (takeNext)
            {
                next = await receiver.CompleteAndReceiveNextAsync(message, CancellationToken.None);
            }
            else
            {
                await receiver.CompleteAsync(message, CancellationToken.None);
            }

            Instrumentation.MessagesCompleted.Add(1, tags);
        }
        catch (MessageDeferredException ex)
        {
            await SettleQuietly(() => receiver.AbandonAsync(message, DeferralDelay(ex.RetryAfter, message.DeliveryCount), CancellationToken.None), message);
            Instrumentation.MessagesAbandoned.Add(1, tags);
        }
        catch (BusinessRuleViolationException ex)
        {
            // An expected outcome, not a fault: the rule is the whole story, no stack trace needed.
            LogRefused(message.Message.MessageId, message.Message.TypeName, message.Subscription, ex.Message);
            await SettleQuietly(() => receiver.DeadLetterAsync(message, DeadLetterReasons.BusinessRuleViolation, ex.Message, CancellationToken.None), message);
            CountDeadLettered(tags, DeadLetterReasons.BusinessRuleViolation);
        }
        catch (Exception ex) when (ex is UnknownMessageTypeException or MessageDeserializationException or NoHandlerException)
        {
            var reason = ex switch
            {
                UnknownMessageTypeException => DeadLetterReasons.UnknownMessageType,
                MessageDeserializationException => DeadLetterReasons.DeserializationFailed,
                _ => DeadLetterReasons.NoHandler,
            };
            LogPoisonMessage(ex, message.Message.MessageId, message.Message.TypeName, message.Subscription, reason);
            await SettleQuietly(() => receiver.DeadLetterAsync(message, reason, ex.ToString(), CancellationToken.None), message);
            CountDeadLettered(tags, reason);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: give the message back so another receiver (or the next start) handles it.
            await SettleQuietly(() => receiver.AbandonAsync(message, null, CancellationToken.None), message);
        }
        catch (MessageLockLostException ex)
        {
            LogLockLost(ex, message.Message.MessageId, message.Subscription);
        }
        catch (ConcurrencyException ex) when (message.DeliveryCount < options.MaxDeliveryCount)
        {
            // Lost races, already retried in process: an expected outcome under load, not a fault.
            LogConflictRetried(message.Message.MessageId, message.Message.TypeName, message.Subscription, message.DeliveryCount, ex.Message);
            await SettleQuietly(() => receiver.AbandonAsync(message, RetryDelay(message.DeliveryCount), CancellationToken.None), message);
            Instrumentation.MessagesAbandoned.Add(1, tags);
        }
        catch (Exception ex)
        {
            if (message.DeliveryCount >= options.MaxDeliveryCount)
            {
                LogDeadLettered(ex, message.Message.MessageId, message.Message.TypeName, message.Subscription, message.DeliveryCount);
                await SettleQuietly(() => receiver.DeadLetterAsync(message, DeadLetterReasons.HandlerFailed, ex.ToString(), CancellationToken.None), message);
                CountDeadLettered(tags, DeadLetterReasons.HandlerFailed);
            }
            else
            {
                LogHandlerFailed(ex, message.Message.MessageId, message.Message.TypeName, message.Subscription, message.DeliveryCount);
                await SettleQuietly(() => receiver.AbandonAsync(message, RetryDelay(message.DeliveryCount), CancellationToken.None), message);
                Instrumentation.MessagesAbandoned.Add(1, tags);
            }
        }
        finally
        {
            Instrumentation.HandlingDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, tags);
        }

        return next;
    }

    /// <summary>
    /// How long a deferred message waits before it is offered again: <paramref name="retryAfter"/>,
    /// doubling with each delivery up to 30 s. Deferrals count as deliveries, so the waits must outlast
    /// what they wait for in the worst case: the message they depend on locked by a processor that
    /// crashed, until its lock expires (30 s by default) and another processor takes it. With 250 ms and
    /// ten deliveries that is about 90 s; an event arriving a moment early still waits only 250 ms.
    /// </summary>
    public static TimeSpan DeferralDelay(TimeSpan retryAfter, int deliveryCount)
    {
        var grown = TimeSpan.FromMilliseconds(Math.Min(30_000, retryAfter.TotalMilliseconds * Math.Pow(2, Math.Max(0, deliveryCount - 1))));
        return grown > retryAfter ? grown : retryAfter;
    }

    /// <summary>Exponential back-off between deliveries of a failing message: 100 ms, 200 ms … capped at 30 s.</summary>
    public static TimeSpan RetryDelay(int deliveryCount) =>
        TimeSpan.FromMilliseconds(Math.Min(30_000, 100 * Math.Pow(2, Math.Max(0, deliveryCount - 1))));

    private static void CountDeadLettered(TagList tags, string reason)
    {
        // A copy: the caller's tags also label the handling duration, which has no reason.
        var withReason = tags;
        withReason.Add("reason", reason);
        Instrumentation.MessagesDeadLettered.Add(1, withReason);
    }

    private async Task SettleQuietly(Func<Task> settle, ReceivedMessage message)
    {
        try
        {
            await settle();
        }
        catch (Exception ex)
        {
            // The lock will expire and the message will be delivered again.
            LogSettleFailed(ex, message.Message.MessageId, message.Subscription);
        }
    }

    private static async Task DelayQuietly(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Processing {Topic}/{Subscription} with {Handler}")]
    private partial void LogStarted(string topic, string subscription, string handler);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stopped processing {Topic}/{Subscription}")]
    private partial void LogStopped(string topic, string subscription);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receive from {Topic}/{Subscription} failed; retrying")]
    private partial void LogReceiveFailed(Exception ex, string topic, string subscription);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} ({TypeName}) on {Subscription} can never be handled: dead-lettered as {Reason}")]
    private partial void LogPoisonMessage(Exception ex, string messageId, string typeName, string subscription, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} ({TypeName}) on {Subscription} refused by a business rule: {Rule}; dead-lettered without retry")]
    private partial void LogRefused(string messageId, string typeName, string subscription, string rule);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} ({TypeName}) on {Subscription} failed on delivery {DeliveryCount}, the last allowed: dead-lettered")]
    private partial void LogDeadLettered(Exception ex, string messageId, string typeName, string subscription, int deliveryCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} ({TypeName}) on {Subscription} failed on delivery {DeliveryCount}; it will be retried")]
    private partial void LogHandlerFailed(Exception ex, string messageId, string typeName, string subscription, int deliveryCount);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId} ({TypeName}) on {Subscription} lost a concurrency race on delivery {DeliveryCount}; it will be retried: {Conflict}")]
    private partial void LogConflictRetried(string messageId, string typeName, string subscription, int deliveryCount, string conflict);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lock on message {MessageId} on {Subscription} was lost; another delivery will follow")]
    private partial void LogLockLost(Exception ex, string messageId, string subscription);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not settle message {MessageId} on {Subscription}; its lock will expire and it will be delivered again")]
    private partial void LogSettleFailed(Exception ex, string messageId, string subscription);
}
