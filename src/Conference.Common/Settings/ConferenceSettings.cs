using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Infrastructure.Sql.Database;
using Registration;

namespace Conference.Common.Settings;

/// <summary>Every setting of the hosts, read and validated once at start-up (<see cref="ConferenceSettingsReader"/>).</summary>
public sealed record ConferenceSettings
{
    public required SqlDatabase Database { get; init; }

    public required MessagingTopology Topology { get; init; }

    public required EventStoreBusPublisherOptions EventPublishing { get; init; }

    /// <summary>Records every message of every topic in the message log (its "log" subscriptions).</summary>
    public bool MessageLogEnabled { get; init; } = true;

    public required EmailSettings Email { get; init; }

    public required RegistrationOptions Registration { get; init; }

    /// <summary>Where the settings came from, for the start-up log line.</summary>
    public required string Source { get; init; }
}
