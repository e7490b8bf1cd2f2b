using Infrastructure.Serialization;
using Payments.Contracts.Commands;
using Payments.Contracts.Events;

namespace Payments.Contracts;

/// <summary>The stable names of the Payments messages.</summary>
public static class PaymentsMessageTypes
{
    public static MessageTypeRegistry Register(MessageTypeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Register<InitiateThirdPartyProcessorPayment>()
            .Register<CompleteThirdPartyProcessorPayment>()
            .Register<CancelThirdPartyProcessorPayment>()
            .Register<PaymentInitiated>()
            .Register<PaymentCompleted>()
            .Register<PaymentRejected>();
    }
}
