using Infrastructure.Messaging;

namespace Conference.Contracts.Events;

/// <summary>
/// A seat type was added to a conference. SourceId is the seat type id; Version is the conference's
/// sequence number (see <see cref="ConferenceCreated"/>), not the seat type's.
/// </summary>
public sealed record SeatCreated(
    Guid SourceId,
    int Version,
    Guid ConferenceId,
    string Name,
    string Description,
    decimal Price,
    int Quantity) : IVersionedEvent;
