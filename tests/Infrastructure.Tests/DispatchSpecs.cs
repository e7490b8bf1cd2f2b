using Infrastructure.Hosting;
using Infrastructure.Messaging;
using Infrastructure.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Infrastructure.Tests;

public sealed record Shipped(Guid SourceId) : IEvent;

public class given_a_handler_class
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task when_dispatching_then_each_message_reaches_the_method_for_its_type_with_its_metadata()
    {
        var handler = new ShippingHandler();
        var dispatcher = MessageDispatcher.For(typeof(ShippingHandler));
        var metadata = Received(new TransportMessage { MessageId = "m", TypeName = "Shipped", Body = "{}", CorrelationId = "corr" }, deliveryCount: 2);

        await dispatcher.DispatchAsync(handler, new ShipItem(Guid.NewGuid(), "X"), metadata, default);
        await dispatcher.DispatchAsync(handler, new Shipped(Guid.NewGuid()), metadata, default);

        Assert.Equal(["ShipItem X", "Shipped corr 2"], handler.Calls);
        Assert.True(dispatcher.Handles(typeof(ShipItem)));
        Assert.False(dispatcher.Handles(typeof(ItemShipped)));
        await Assert.ThrowsAsync<NoHandlerException>(() => dispatcher.DispatchAsync(handler, new ItemShipped("s", 1), metadata, default));
    }

    [Fact]
    public async Task when_the_handler_hits_concurrency_conflicts_then_the_dispatching_handler_retries_in_process()
    {
        var handler = new ShippingHandler { Conflicts = 3 };
        var services = new ServiceCollection().AddSingleton(handler).BuildServiceProvider();
        var registry = new MessageTypeRegistry().Register<ShipItem>();
        var dispatching = new DispatchingMessageHandler(MessageDispatcher.For(typeof(ShippingHandler)), new JsonMessageSerializer(registry), services.GetRequiredService<IServiceScopeFactory>());
        var (typeName, body) = new JsonMessageSerializer(registry).Serialize(new ShipItem(Guid.NewGuid(), "Y"));

        await dispatching.HandleAsync(Received(new TransportMessage { MessageId = "m", TypeName = typeName, Body = body }), default);

        Assert.Equal(["ShipItem Y"], handler.Calls);
        Assert.Equal(4, handler.Attempts);
    }

    [Fact]
    public async Task when_messages_of_one_partition_arrive_together_then_they_are_handled_one_at_a_time_and_other_partitions_go_on()
    {
        var handler = new HoldingHandler();
        var services = new ServiceCollection().AddSingleton(handler).BuildServiceProvider();
        var serializer = new JsonMessageSerializer(new MessageTypeRegistry().Register<ShipItem>());
        var dispatching = new DispatchingMessageHandler(MessageDispatcher.For(typeof(HoldingHandler)), serializer, services.GetRequiredService<IServiceScopeFactory>());
        ReceivedMessage Message(string sku, string partition)
        {
            var (typeName, body) = serializer.Serialize(new ShipItem(Guid.NewGuid(), sku));
            return Received(new TransportMessage { MessageId = sku, TypeName = typeName, Body = body, PartitionKey = partition });
        }

        var first = dispatching.HandleAsync(Message("first", "warehouse-1"), default);
        await handler.Entered("first").WaitAsync(Wait);
        var second = dispatching.HandleAsync(Message("second", "warehouse-1"), default);
        var elsewhere = dispatching.HandleAsync(Message("elsewhere", "warehouse-2"), default);
        await handler.Entered("elsewhere").WaitAsync(Wait);

        Assert.False(handler.Entered("second").IsCompleted);
        handler.Release("elsewhere");
        handler.Release("first");
        await handler.Entered("second").WaitAsync(Wait);
        handler.Release("second");
        await Task.WhenAll(first, second, elsewhere).WaitAsync(Wait);
    }

    [Fact]
    public void when_a_second_handler_is_registered_for_a_command_then_registration_fails()
    {
        var services = new ServiceCollection().AddSubscriptionHandler<ShippingHandler>("t", "a");

        var error = Assert.Throws<InvalidOperationException>(() => services.AddSubscriptionHandler<OtherShippingHandler>("t", "b"));
        Assert.Contains("ShipItem", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void when_a_class_handles_nothing_then_it_cannot_be_a_handler()
    {
        Assert.Throws<InvalidOperationException>(() => MessageDispatcher.For(typeof(string)));
    }

    private static ReceivedMessage Received(TransportMessage message, int deliveryCount = 1) => new()
    {
        Message = message,
        SequenceNumber = 1,
        LockToken = "t",
        LockedUntil = DateTimeOffset.UtcNow,
        EnqueuedTime = DateTimeOffset.UtcNow,
        DeliveryCount = deliveryCount,
        Topic = "t",
        Subscription = "s",
    };

    private sealed class ShippingHandler : ICommandHandler<ShipItem>, IEnvelopedEventHandler<Shipped>
    {
        public List<string> Calls { get; } = [];

        public int Conflicts { get; init; }

        public int Attempts { get; private set; }

        public Task HandleAsync(ShipItem command, CancellationToken cancellationToken)
        {
            if (++Attempts <= Conflicts)
            {
                throw new ConcurrencyException("conflict");
            }

            Calls.Add($"ShipItem {command.Sku}");
            return Task.CompletedTask;
        }

        public Task HandleAsync(Envelope<Shipped> envelope, CancellationToken cancellationToken)
        {
            Calls.Add($"Shipped {envelope.CorrelationId} {envelope.DeliveryCount}");
            return Task.CompletedTask;
        }
    }

    /// <summary>Holds each command until the test releases it, telling the test when it entered.</summary>
    private sealed class HoldingHandler : ICommandHandler<ShipItem>
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (TaskCompletionSource Entered, TaskCompletionSource Released)> items = new();

        public Task Entered(string sku) => Item(sku).Entered.Task;

        public void Release(string sku) => Item(sku).Released.TrySetResult();

        public async Task HandleAsync(ShipItem command, CancellationToken cancellationToken)
        {
            var (entered, released) = Item(command.Sku);
            entered.TrySetResult();
            await released.Task;
        }

        private (TaskCompletionSource Entered, TaskCompletionSource Released) Item(string sku) =>
            items.GetOrAdd(sku, _ => (new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
    }

    private sealed class OtherShippingHandler : ICommandHandler<ShipItem>
    {
        public Task HandleAsync(ShipItem command, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
