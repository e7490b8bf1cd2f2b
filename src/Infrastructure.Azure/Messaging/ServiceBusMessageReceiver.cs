using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using Infrastructure.Messaging;
using Microsoft.Extensions.Logging;
using Polly;

namespace Infrastructure.Azure.Messaging;

/// <summary>
/// Peek-lock receiver on one subscription over <see cref="ServiceBusReceiver"/>, or, on a subscription
/// that requires sessions, over one <see cref="ServiceBusSessionReceiver"/> at a time, moving to the
/// next session once the current one stays empty for <see cref="ServiceBusTransportOptions.SessionIdleTimeout"/>.
/// <para>
/// Pulled by <see cref="MessageProcessor"/>, which sets the concurrency; this class adds what the
/// SDK's push processor would: each lock is renewed while the handler runs, up to
/// <see cref="ServiceBusTransportOptions.MaxAutoLockRenewalDuration"/>, and stops being renewed the
/// moment the message is settled or settling it is attempted, so a settlement that fails leaves the
/// message to be delivered again when its lock expires.
/// </para>
/// <para>
/// Service Bus cannot abandon with a delay. An abandon with <c>retryAfter</c> keeps the lock (renewing
/// it as needed) until the delay has passed and then abandons: the delivery count and the
/// subscription's dead-lettering limit work as for a plain abandon, and the copy stays on its own
/// subscription. A scheduled copy would instead reach every subscription of the topic and restart
/// the delivery count.
/// </para>
/// </summary>
public sealed partial class ServiceBusMessageReceiver : IMessageReceiver, IAsyncDisposable
{
    /// <summary>Service Bus keeps at most this much of a dead-letter reason or description.</summary>
    public const int MaxDeadLetterTextLength = 4096;

    private readonly ServiceBusClient client;
    private readonly string entityPath;
    private readonly ServiceBusTransportOptions options;
    private readonly ResiliencePipeline pipeline;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly ServiceBusReceiver? receiver;
    private readonly ConcurrentDictionary<string, Locked> locked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> delayedAbandons = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource disposed = new();
    private readonly SemaphoreSlim sessionGate = new(1, 1);
    private SessionLease? currentSession;

    public ServiceBusMessageReceiver(
        ServiceBusClient client,
        string topic,
        string subscription,
        string entityPath,
        bool requiresSession,
        ServiceBusTransportOptions options,
        ResiliencePipeline pipeline,
        TimeProvider clock,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        this.client = client;
        this.entityPath = entityPath;
        this.options = options;
        this.pipeline = pipeline;
        this.clock = clock;
        this.logger = logger;
        Topic = topic;
        Subscription = subscription;
        RequiresSession = requiresSession;
        if (!requiresSession)
        {
            receiver = client.CreateReceiver(entityPath, subscription, new ServiceBusReceiverOptions
            {
                ReceiveMode = ServiceBusReceiveMode.PeekLock,
                PrefetchCount = options.PrefetchCount,
            });
        }
    }

    public string Topic { get; }

    public string Subscription { get; }

    public bool RequiresSession { get; }

    private string Entity => $"{entityPath}/subscriptions/{Subscription}";

    public async Task<ReceivedMessage?> ReceiveAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed.IsCancellationRequested, this);
        if (receiver is null)
        {
            return await ReceiveFromSessionAsync(maxWait, cancellationToken);
        }

        var message = await ServiceBusFaults.RunAsync(pipeline, Entity, async token => await receiver.ReceiveMessageAsync(maxWait, token), cancellationToken);
        return message is null ? null : Track(message, receiver, null);
    }

    public async Task CompleteAsync(ReceivedMessage message, CancellationToken cancellationToken) =>
        await SettleAsync(Take(message), (r, m, token) => r.CompleteMessageAsync(m, token), cancellationToken);

    public async Task AbandonAsync(ReceivedMessage message, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        var entry = Take(message);
        if (retryAfter is not { } delay || delay <= TimeSpan.Zero)
        {
            await SettleAsync(entry, (r, m, token) => r.AbandonMessageAsync(m, null, token), cancellationToken);
            return;
        }

        if (clock.GetUtcNow() >= entry.LockedUntil)
        {
            entry.Lease?.Exit();
            throw new MessageLockLostException($"The lock on message {message.Message.MessageId} of '{Entity}' has expired; it will be delivered again.");
        }

        // Held, not abandoned, until the delay has passed: see the class remarks.
        delayedAbandons[message.LockToken] = AbandonLaterAsync(entry, clock.GetUtcNow() + delay);
    }

    public async Task DeadLetterAsync(ReceivedMessage message, string reason, string? errorDescription, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        var entry = Take(message);
        var properties = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [ServiceBusMessageMapper.DeadLetteredTimeProperty] = clock.GetUtcNow().UtcDateTime,
        };
        await SettleAsync(
            entry,
            (r, m, token) => r.DeadLetterMessageAsync(m, properties, Truncate(reason), errorDescription is null ? null : Truncate(errorDescription), token),
            cancellationToken);
    }

    public async Task<DateTimeOffset> RenewLockAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!locked.TryGetValue(message.LockToken, out var entry))
        {
            throw NotLocked(message);
        }

        return entry.LockedUntil = await RenewCoreAsync(entry, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed.IsCancellationRequested)
        {
            return;
        }

        // Delayed abandons give their messages back now; other locks simply stop being renewed.
        await disposed.CancelAsync();
        await Task.WhenAll(delayedAbandons.Values);
        foreach (var entry in locked.Values)
        {
            entry.StopRenewal();
        }

        if (receiver is not null)
        {
            await receiver.DisposeAsync();
        }

        if (Interlocked.Exchange(ref currentSession, null) is { } session)
        {
            session.Retire();
        }

        disposed.Dispose();
        sessionGate.Dispose();
    }

    private async Task<ReceivedMessage?> ReceiveFromSessionAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + maxWait;
        while (true)
        {
            var remaining = deadline - clock.GetUtcNow();
            var lease = await AcquireSessionAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, cancellationToken);
            if (lease is null)
            {
                return null;
            }

            ServiceBusReceivedMessage? message = null;
            try
            {
                remaining = deadline - clock.GetUtcNow();
                var wait = remaining < options.SessionIdleTimeout && remaining > TimeSpan.Zero ? remaining : options.SessionIdleTimeout;
                message = await ServiceBusFaults.RunAsync(pipeline, Entity, async token => await lease.Receiver.ReceiveMessageAsync(wait, token), cancellationToken);
            }
            catch (MessageLockLostException ex)
            {
                LogSessionLost(ex, Entity, lease.Receiver.SessionId);
            }
            finally
            {
                if (message is null)
                {
                    // Empty for the idle timeout, or lost: let the session go so another (or another process) is taken up.
                    lease.Exit();
                    RetireSession(lease);
                }
            }

            if (message is not null)
            {
                return Track(message, lease.Receiver, lease);
            }

            if (deadline <= clock.GetUtcNow())
            {
                return null;
            }
        }
    }

    /// <summary>The current session, entered; accepts the next one when there is none. Null when no session had messages within <paramref name="maxWait"/>.</summary>
    private async Task<SessionLease?> AcquireSessionAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref currentSession) is { } current && current.TryEnter())
        {
            return current;
        }

        if (!await sessionGate.WaitAsync(maxWait, cancellationToken))
        {
            return null;
        }

        try
        {
            if (Volatile.Read(ref currentSession) is { } accepted && accepted.TryEnter())
            {
                return accepted;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, disposed.Token);
            timeout.CancelAfter(maxWait > TimeSpan.Zero ? maxWait : TimeSpan.FromMilliseconds(1));
            ServiceBusSessionReceiver? sessionReceiver;
            try
            {
                sessionReceiver = await ServiceBusFaults.RunAsync(
                    pipeline,
                    Entity,
                    async token =>
                    {
                        try
                        {
                            return await client.AcceptNextSessionAsync(entityPath, Subscription, new ServiceBusSessionReceiverOptions { PrefetchCount = options.PrefetchCount }, token);
                        }
                        catch (ServiceBusException ex) when (ex.Reason == ServiceBusFailureReason.ServiceTimeout)
                        {
                            // No session has messages: an answer, not a fault to retry.
                            return null;
                        }
                    },
                    timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }

            if (sessionReceiver is null)
            {
                return null;
            }

            var lease = new SessionLease(sessionReceiver, this);
            lease.TryEnter();
            Volatile.Write(ref currentSession, lease);
            LogSessionAccepted(Entity, sessionReceiver.SessionId);
            return lease;
        }
        finally
        {
            sessionGate.Release();
        }
    }

    private void RetireSession(SessionLease lease)
    {
        Interlocked.CompareExchange(ref currentSession, null, lease);
        lease.Retire();
    }

    private ReceivedMessage Track(ServiceBusReceivedMessage message, ServiceBusReceiver from, SessionLease? lease)
    {
        // In a session the session lock is what holds the message.
        var lockedUntil = lease is not null && lease.Receiver.SessionLockedUntil > message.LockedUntil ? lease.Receiver.SessionLockedUntil : message.LockedUntil;
        var entry = new Locked(message, from, lease, lockedUntil);
        locked[message.LockToken] = entry;
        if (options.MaxAutoLockRenewalDuration > TimeSpan.Zero)
        {
            _ = HoldAsync(entry, clock.GetUtcNow() + options.MaxAutoLockRenewalDuration, entry.Renewal.Token);
        }

        return ServiceBusMessageMapper.ToReceivedMessage(message, Topic, Subscription) with { LockedUntil = lockedUntil };
    }

    private Locked Take(ReceivedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!locked.TryRemove(message.LockToken, out var entry))
        {
            throw NotLocked(message);
        }

        entry.StopRenewal();
        return entry;
    }

    private MessageLockLostException NotLocked(ReceivedMessage message) =>
        new($"Message {message.Message.MessageId} of '{Entity}' is not locked by this receiver: it was settled already or its lock was lost.");

    private async Task SettleAsync(Locked entry, Func<ServiceBusReceiver, ServiceBusReceivedMessage, CancellationToken, Task> settle, CancellationToken cancellationToken)
    {
        try
        {
            await ServiceBusFaults.RunAsync(pipeline, Entity, token => new ValueTask(settle(entry.Receiver, entry.Message, token)), cancellationToken);
        }
        finally
        {
            entry.Lease?.Exit();
        }
    }

    private async Task AbandonLaterAsync(Locked entry, DateTimeOffset until)
    {
        // Yield first: the caller gets its answer now and the wait runs apart from it.
        await Task.Yield();
        try
        {
            await HoldAsync(entry, until, disposed.Token);
            var rest = until - clock.GetUtcNow();
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, clock, disposed.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down: give the message back now rather than leave it locked.
        }

        try
        {
            await SettleAsync(entry, (r, m, token) => r.AbandonMessageAsync(m, null, token), CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogAbandonFailed(ex, entry.Message.MessageId, Entity);
        }
        finally
        {
            delayedAbandons.TryRemove(entry.Message.LockToken, out _);
        }
    }

    /// <summary>Renews the lock whenever it would lapse before <paramref name="until"/>; a renewal that fails leaves the lock to expire. Never throws.</summary>
    private async Task HoldAsync(Locked entry, DateTimeOffset until, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var now = clock.GetUtcNow();
                var lockedUntil = entry.LockedUntil;
                if (lockedUntil >= until)
                {
                    return;
                }

                // Early enough for the round trip: a third of what is left, at most ten seconds ahead.
                var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(10).Ticks, Math.Max(0, (lockedUntil - now).Ticks / 3)));
                var wait = lockedUntil - margin - now;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, cancellationToken);
                }

                var renewed = await RenewCoreAsync(entry, cancellationToken);
                if (renewed <= lockedUntil)
                {
                    // A renewal that gained nothing would only spin: leave the lock to run out.
                    return;
                }

                entry.LockedUntil = renewed;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogRenewFailed(ex, entry.Message.MessageId, Entity);
        }
    }

    private Task<DateTimeOffset> RenewCoreAsync(Locked entry, CancellationToken cancellationToken) =>
        ServiceBusFaults.RunAsync(
            pipeline,
            Entity,
            async token =>
            {
                if (entry.Lease is { } lease)
                {
                    // In a session the session holds the lock of every message in it.
                    await lease.Receiver.RenewSessionLockAsync(token);
                    return lease.Receiver.SessionLockedUntil;
                }

                // The SDK moves the message's own LockedUntil forward.
                await entry.Receiver.RenewMessageLockAsync(entry.Message, token);
                return entry.Message.LockedUntil;
            },
            cancellationToken);

    private static string Truncate(string text) => text.Length <= MaxDeadLetterTextLength ? text : text[..MaxDeadLetterTextLength];

    [LoggerMessage(Level = LogLevel.Debug, Message = "Accepted session {SessionId} on {Entity}")]
    private partial void LogSessionAccepted(string entity, string sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost session {SessionId} on {Entity}; its messages will be delivered again")]
    private partial void LogSessionLost(Exception ex, string entity, string sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lock on message {MessageId} of {Entity}; it will be delivered again once the lock expires")]
    private partial void LogRenewFailed(Exception ex, string messageId, string entity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not abandon message {MessageId} of {Entity} after its delay; it will be delivered again once the lock expires")]
    private partial void LogAbandonFailed(Exception ex, string messageId, string entity);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing session {SessionId} on {Entity}")]
    private partial void LogSessionClosed(string entity, string sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing session {SessionId} on {Entity} failed")]
    private partial void LogSessionCloseFailed(Exception ex, string entity, string sessionId);

    /// <summary>A message this receiver holds the lock of.</summary>
    private sealed class Locked(ServiceBusReceivedMessage message, ServiceBusReceiver receiver, SessionLease? lease, DateTimeOffset lockedUntil)
    {

        public ServiceBusReceivedMessage Message { get; } = message;

        public ServiceBusReceiver Receiver { get; } = receiver;

        public SessionLease? Lease { get; } = lease;

        public CancellationTokenSource Renewal { get; } = new();

        public DateTimeOffset LockedUntil
        {
            get { lock (Renewal) { return lockedUntil; } }
            set { lock (Renewal) { lockedUntil = value; } }
        }

        public void StopRenewal() => Renewal.Cancel();
    }

    /// <summary>One accepted session, closed once retired and no longer used by a receive or a locked message.</summary>
    private sealed class SessionLease(ServiceBusSessionReceiver receiver, ServiceBusMessageReceiver owner)
    {
        private readonly Lock gate = new();
        private int users;
        private bool retired;
        private bool closed;

        public ServiceBusSessionReceiver Receiver { get; } = receiver;

        public bool TryEnter()
        {
            lock (gate)
            {
                if (retired)
                {
                    return false;
                }

                users++;
                return true;
            }
        }

        public void Exit()
        {
            lock (gate)
            {
                users--;
            }

            CloseIfUnused();
        }

        public void Retire()
        {
            lock (gate)
            {
                retired = true;
            }

            CloseIfUnused();
        }

        private void CloseIfUnused()
        {
            lock (gate)
            {
                if (!retired || users > 0 || closed)
                {
                    return;
                }

                closed = true;
            }

            _ = CloseAsync();
        }

        private async Task CloseAsync()
        {
            try
            {
                owner.LogSessionClosed(owner.Entity, Receiver.SessionId);
                await Receiver.DisposeAsync();
            }
            catch (Exception ex)
            {
                owner.LogSessionCloseFailed(ex, owner.Entity, Receiver.SessionId);
            }
        }
    }
}
