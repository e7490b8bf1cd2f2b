using Infrastructure;
using Payments.Contracts.Events;

namespace Payments.Tests;

internal static class PaymentData
{
    public static readonly Guid PaymentId = Guid.Parse("9a9a9a9a-0000-4000-8000-000000000001");
    public static readonly Guid OrderId = Guid.Parse("9a9a9a9a-0000-4000-8000-0000000000a1");
    public static readonly Guid ConferenceId = Guid.Parse("9a9a9a9a-0000-4000-8000-0000000000c0");

    public static ThirdPartyProcessorPayment Initiated() =>
        new(PaymentId, OrderId, ConferenceId, "Order 42", 150m, [new ThirdPartyProcessorPaymentItem("General admission", 150m)]);
}

public class given_no_payment
{
    [Fact]
    public void when_initiating_a_payment_then_it_is_initiated()
    {
        var payment = PaymentData.Initiated();

        Assert.Equal(PaymentState.Initiated, payment.State);
        Assert.Equal([new PaymentInitiated(PaymentData.PaymentId, PaymentData.OrderId)], payment.Events);
        Assert.Equal(150m, Assert.Single(payment.Items).Amount);
    }

    [Fact]
    public void when_initiating_a_payment_of_a_negative_amount_then_it_is_refused()
    {
        Assert.Throws<BusinessRuleViolationException>(() =>
            new ThirdPartyProcessorPayment(PaymentData.PaymentId, PaymentData.OrderId, PaymentData.ConferenceId, "Order 42", -1m, []));
    }
}

public class given_an_initiated_payment
{
    private readonly ThirdPartyProcessorPayment payment = PaymentData.Initiated();

    [Fact]
    public void when_completing_then_it_is_completed_once()
    {
        payment.Complete();
        payment.Complete();

        Assert.Equal(PaymentState.Completed, payment.State);
        Assert.Equal(new PaymentCompleted(PaymentData.PaymentId, PaymentData.OrderId), Assert.Single(payment.Events.Skip(1)));
    }

    [Fact]
    public void when_cancelling_then_it_is_rejected_once()
    {
        payment.Cancel();
        payment.Cancel();

        Assert.Equal(PaymentState.Rejected, payment.State);
        Assert.Equal(new PaymentRejected(PaymentData.PaymentId, PaymentData.OrderId), Assert.Single(payment.Events.Skip(1)));
    }
}

public class given_a_completed_payment
{
    private readonly ThirdPartyProcessorPayment payment = PaymentData.Initiated();

    public given_a_completed_payment()
    {
        payment.Complete();
    }

    [Fact]
    public void when_cancelling_then_it_is_refused()
    {
        var ex = Assert.Throws<BusinessRuleViolationException>(payment.Cancel);
        Assert.Equal($"Payment {PaymentData.PaymentId} is already Completed.", ex.Message);
        Assert.Equal(PaymentState.Completed, payment.State);
    }
}

public class given_a_rejected_payment
{
    private readonly ThirdPartyProcessorPayment payment = PaymentData.Initiated();

    public given_a_rejected_payment()
    {
        payment.Cancel();
    }

    [Fact]
    public void when_completing_then_it_is_refused()
    {
        var ex = Assert.Throws<BusinessRuleViolationException>(payment.Complete);
        Assert.Equal($"Payment {PaymentData.PaymentId} is already Rejected.", ex.Message);
        Assert.Equal(PaymentState.Rejected, payment.State);
    }
}
