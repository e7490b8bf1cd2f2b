using Infrastructure.Messaging;

namespace Conference.Contracts.Events;

/// <summary>
/// A conference was created. Version is the per-conference sequence number shared by all Conference
/// Management events of that conference, so consumers can apply them in order.
/// </summary>
public sealed record ConferenceCreated(
    Guid SourceId,
    int Version,
    string Name,
    string Description,
    string Location,
    string Slug,
    string? Tagline,
    string? TwitterSearch,
    DateTimeOffset StartDate,
    DateTimeOffset EndDate,
    Owner Owner) : IVersionedEvent;
