using Infrastructure.Messaging;

namespace Registration.Contracts.Events;

/// <summary>The order was priced from the seat prices known to Registration.</summary>
public sealed record OrderTotalsCalculated(decimal Total, IReadOnlyList<OrderLine> Lines, bool IsFreeOfCharge) : VersionedEvent;
