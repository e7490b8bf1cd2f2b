using Infrastructure.Messaging;

namespace Registration.Contracts.Events;

/// <summary>The order was paid for, or confirmed free of charge (legacy name OrderPaymentConfirmed).</summary>
public sealed record OrderConfirmed : VersionedEvent;
