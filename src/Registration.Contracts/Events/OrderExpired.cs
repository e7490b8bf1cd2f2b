using Infrastructure.Messaging;

namespace Registration.Contracts.Events;

/// <summary>The order was rejected or its reservation ran out; its seats are released.</summary>
public sealed record OrderExpired : VersionedEvent;
