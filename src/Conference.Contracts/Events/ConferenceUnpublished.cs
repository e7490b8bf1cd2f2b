using Infrastructure.Messaging;

namespace Conference.Contracts.Events;

/// <summary>The conference is no longer visible on the public site (Version: see <see cref="ConferenceCreated"/>).</summary>
public sealed record ConferenceUnpublished(Guid SourceId, int Version) : IVersionedEvent;
