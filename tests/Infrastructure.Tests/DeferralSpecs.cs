using Infrastructure.Messaging;

namespace Infrastructure.Tests;

public class DeferralSpecs
{
    private static readonly TimeSpan Asked = TimeSpan.FromMilliseconds(250);

    [Fact]
    public void given_an_event_a_moment_early_when_it_is_deferred_the_first_time_then_it_waits_only_what_the_handler_asked()
    {
        Assert.Equal(Asked, MessageProcessor.DeferralDelay(Asked, deliveryCount: 1));
    }

    [Fact]
    public void given_the_delivery_limit_when_a_message_is_deferred_every_time_then_the_waits_outlast_a_crashed_processors_lock()
    {
        // The event it waits for may be locked by a processor that died: it comes back only after that
        // lock expires and another processor has started.
        var waited = Enumerable.Range(1, SubscriptionSettings.DefaultMaxDeliveryCount - 1)
            .Aggregate(TimeSpan.Zero, (total, delivery) => total + MessageProcessor.DeferralDelay(Asked, delivery));

        Assert.True(waited >= 2 * SubscriptionSettings.DefaultLockDuration, $"Deferrals give up after {waited.TotalSeconds:0} s.");
    }

    [Fact]
    public void given_many_deliveries_when_a_message_is_deferred_then_no_single_wait_exceeds_thirty_seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), MessageProcessor.DeferralDelay(Asked, deliveryCount: 50));
        Assert.Equal(TimeSpan.FromMinutes(2), MessageProcessor.DeferralDelay(TimeSpan.FromMinutes(2), deliveryCount: 3));
    }
}
