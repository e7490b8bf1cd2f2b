using Infrastructure.Messaging;

namespace Conference.Contracts.Events;

/// <summary>The conference is now visible on the public site (Version: see <see cref="ConferenceCreated"/>).</summary>
public sealed record ConferencePublished(Guid SourceId, int Version) : IVersionedEvent;
