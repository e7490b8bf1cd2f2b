using Infrastructure.Messaging;

namespace Payments.Contracts.Events;

/// <summary>A payment was started. SourceId is the payment id, PaymentSourceId what it pays for (the order id).</summary>
public sealed record PaymentInitiated(Guid SourceId, Guid PaymentSourceId) : IEvent;
