using Infrastructure.Messaging;

namespace Payments.Contracts.Events;

/// <summary>A payment succeeded. SourceId is the payment id, PaymentSourceId what it pays for (the order id).</summary>
public sealed record PaymentCompleted(Guid SourceId, Guid PaymentSourceId) : IEvent;
