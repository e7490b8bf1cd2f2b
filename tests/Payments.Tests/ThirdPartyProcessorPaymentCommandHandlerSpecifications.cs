using Infrastructure;
using Payments.Contracts;
using Payments.Contracts.Commands;
using Payments.Contracts.Events;
using Payments.Tests.Fakes;

namespace Payments.Tests;

public class given_the_payment_command_handler
{
    private readonly InMemoryEventBus bus = new();
    private readonly FakePaymentRepository repository;
    private readonly ThirdPartyProcessorPaymentCommandHandler handler;

    public given_the_payment_command_handler()
    {
        repository = new FakePaymentRepository(bus);
        handler = new ThirdPartyProcessorPaymentCommandHandler(repository);
    }

    private static InitiateThirdPartyProcessorPayment Initiate() =>
        new(PaymentData.PaymentId, PaymentData.OrderId, PaymentData.ConferenceId, "Order 42", 150m, [new PaymentItem("General admission", 100m), new PaymentItem("Workshop", 50m)]);

    [Fact]
    public async Task when_initiating_a_payment_then_it_is_saved_and_payment_initiated_published()
    {
        await handler.HandleAsync(Initiate(), CancellationToken.None);

        var saved = repository.Row(PaymentData.PaymentId);
        Assert.NotNull(saved);
        Assert.Equal((PaymentData.OrderId, PaymentData.ConferenceId, "Order 42", 150m, PaymentState.Initiated), (saved.PaymentSourceId, saved.ConferenceId, saved.Description, saved.TotalAmount, saved.State));
        Assert.Equal(["General admission", "Workshop"], saved.Items.Select(i => i.Description));
        Assert.Equal([new PaymentInitiated(PaymentData.PaymentId, PaymentData.OrderId)], bus.Published);
    }

    [Fact]
    public async Task when_the_initiation_is_delivered_twice_then_one_payment_is_started()
    {
        var command = Initiate();

        await handler.HandleAsync(command, CancellationToken.None);
        await handler.HandleAsync(command, CancellationToken.None);

        Assert.Single(bus.Published);
    }

    [Fact]
    public async Task when_completing_the_payment_then_payment_completed_is_published_for_the_order()
    {
        await handler.HandleAsync(Initiate(), CancellationToken.None);

        await handler.HandleAsync(new CompleteThirdPartyProcessorPayment(PaymentData.PaymentId), CancellationToken.None);
        await handler.HandleAsync(new CompleteThirdPartyProcessorPayment(PaymentData.PaymentId), CancellationToken.None);

        Assert.Equal(PaymentState.Completed, repository.Row(PaymentData.PaymentId)!.State);
        Assert.Equal(new PaymentCompleted(PaymentData.PaymentId, PaymentData.OrderId), Assert.Single(bus.Published.Skip(1)));
    }

    [Fact]
    public async Task when_cancelling_the_payment_then_payment_rejected_is_published()
    {
        await handler.HandleAsync(Initiate(), CancellationToken.None);

        await handler.HandleAsync(new CancelThirdPartyProcessorPayment(PaymentData.PaymentId), CancellationToken.None);

        Assert.Equal(PaymentState.Rejected, repository.Row(PaymentData.PaymentId)!.State);
        Assert.Equal(new PaymentRejected(PaymentData.PaymentId, PaymentData.OrderId), bus.Published[^1]);
    }

    [Fact]
    public async Task when_completing_a_payment_not_initiated_yet_then_it_fails_so_it_can_be_retried()
    {
        await Assert.ThrowsAsync<EntityNotFoundException>(() => handler.HandleAsync(new CompleteThirdPartyProcessorPayment(PaymentData.PaymentId), CancellationToken.None));
        Assert.Empty(bus.Published);
    }

    [Fact]
    public async Task when_completing_a_cancelled_payment_then_it_is_refused_and_nothing_is_published()
    {
        await handler.HandleAsync(Initiate(), CancellationToken.None);
        await handler.HandleAsync(new CancelThirdPartyProcessorPayment(PaymentData.PaymentId), CancellationToken.None);

        await Assert.ThrowsAsync<BusinessRuleViolationException>(() => handler.HandleAsync(new CompleteThirdPartyProcessorPayment(PaymentData.PaymentId), CancellationToken.None));

        Assert.Equal(2, bus.Published.Count);
    }

    [Fact]
    public async Task when_two_commands_change_the_same_payment_concurrently_then_the_second_save_conflicts()
    {
        await handler.HandleAsync(Initiate(), CancellationToken.None);
        var first = await repository.FindAsync(PaymentData.PaymentId, CancellationToken.None);
        var second = await repository.FindAsync(PaymentData.PaymentId, CancellationToken.None);
        first!.Complete();
        second!.Cancel();

        await repository.SaveAsync(first, CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => repository.SaveAsync(second, CancellationToken.None));
        Assert.Equal(PaymentState.Completed, repository.Row(PaymentData.PaymentId)!.State);
        Assert.DoesNotContain(bus.Published, e => e is PaymentRejected);
    }
}
