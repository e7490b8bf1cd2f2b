using System.Collections.Concurrent;
using System.Threading.Channels;
using Registration.ReadModel;

namespace Conference.Web.Public;

/// <summary>
/// This site instance's fan-out of the order change feed: the one <see cref="OrderChangeWatcher"/>
/// publishes what it reads, and every waiting page's event stream subscribed to that order hears it.
/// </summary>
public sealed class OrderChangeHub
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Subscription, byte>> subscribers = new();
    private long cursor = -1;

    /// <summary>
    /// Every change up to this sequence has been published (null until the watcher first read the feed).
    /// A page that captures it before it reads the read model misses no later change: any change after
    /// its read has a greater sequence, so the page asks for the changes after this one.
    /// </summary>
    public long? Cursor => Interlocked.Read(ref cursor) is var value and >= 0 ? value : null;

    /// <summary>Hears the changes of <paramref name="orderId"/> until disposed.</summary>
    public Subscription Subscribe(Guid orderId)
    {
        var subscription = new Subscription(this, orderId);
        subscribers.GetOrAdd(orderId, _ => new ConcurrentDictionary<Subscription, byte>())[subscription] = 0;
        return subscription;
    }

    public void Publish(OrderChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (subscribers.TryGetValue(change.OrderId, out var listening))
        {
            foreach (var subscription in listening.Keys)
            {
                subscription.Changes.Writer.TryWrite(change);
            }
        }
    }

    internal void Advance(long sequence) => Interlocked.Exchange(ref cursor, sequence);

    private void Remove(Subscription subscription)
    {
        if (subscribers.TryGetValue(subscription.OrderId, out var listening))
        {
            listening.TryRemove(subscription, out _);
            if (listening.IsEmpty)
            {
                subscribers.TryRemove(KeyValuePair.Create(subscription.OrderId, listening));
            }
        }
    }

    /// <summary>One waiting page's ear: the changes of its order, newest last (only the fact matters, so a slow reader keeps the latest few).</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly OrderChangeHub hub;

        internal Subscription(OrderChangeHub hub, Guid orderId) => (this.hub, OrderId) = (hub, orderId);

        public Guid OrderId { get; }

        public Channel<OrderChange> Changes { get; } = Channel.CreateBounded<OrderChange>(
            new BoundedChannelOptions(4) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        public void Dispose()
        {
            hub.Remove(this);
            Changes.Writer.TryComplete();
        }
    }
}
