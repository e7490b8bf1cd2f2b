using Infrastructure.Messaging;

namespace Payments.Contracts.Events;

/// <summary>A payment was cancelled or refused. SourceId is the payment id, PaymentSourceId what it pays for (the order id).</summary>
public sealed record PaymentRejected(Guid SourceId, Guid PaymentSourceId) : IEvent;
