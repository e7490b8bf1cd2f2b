using Infrastructure.Messaging;

namespace Conference.Contracts.Events;

/// <summary>
/// A seat type changed (name, description, price or quota). SourceId is the seat type id; Version
/// is the conference's sequence number (see <see cref="ConferenceCreated"/>), not the seat type's.
/// </summary>
public sealed record SeatUpdated(
    Guid SourceId,
    int Version,
    Guid ConferenceId,
    string Name,
    string Description,
    decimal Price,
    int Quantity) : IVersionedEvent;
