using Conference.Contracts;
using Conference.Contracts.Events;

namespace Registration.ReadModel.Tests;

/// <summary>A conference and its seat types, and the Conference Management events that describe them.</summary>
public sealed record ConferenceData(Guid ConferenceId, Guid FullPass, Guid Workshop)
{
    public static readonly DateTimeOffset Start = new(2030, 5, 10, 9, 0, 0, TimeSpan.FromHours(2));

    public static ConferenceData New() => new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

    public ConferenceCreated Created(int version = 1, string slug = "cqrs-summit") =>
        new(ConferenceId, version, "CQRS Summit", "Commands, events and everything between", "Redmond", slug, "Learn by doing", "#cqrs", Start, Start.AddDays(2), new Owner("Ann Owner", "ann@example.com"));

    public ConferenceUpdated Updated(int version, string name = "CQRS Summit 2030", string slug = "cqrs-summit") =>
        new(ConferenceId, version, name, "Commands, events and more", "Seattle", slug, null, null, Start.AddDays(1), Start.AddDays(3), new Owner("Ann Owner", "ann@example.com"));

    public ConferencePublished Published(int version) => new(ConferenceId, version);

    public ConferenceUnpublished Unpublished(int version) => new(ConferenceId, version);

    public SeatCreated SeatCreated(Guid seatType, int version, int quantity, string name = "Full pass", decimal price = 500m) =>
        new(seatType, version, ConferenceId, name, $"{name}, all days", price, quantity);

    public SeatUpdated SeatUpdated(Guid seatType, int version, int quantity, string name = "Full pass", decimal price = 500m) =>
        new(seatType, version, ConferenceId, name, $"{name}, all days", price, quantity);

    /// <summary>A conference whose seat types are created, published, changed, unpublished and published again.</summary>
    public IReadOnlyList<object> History() =>
    [
        Created(1),
        SeatCreated(FullPass, 2, 100),
        SeatCreated(Workshop, 3, 50, "Workshop", 150m),
        Published(4),
        SeatUpdated(FullPass, 5, 120, "Full pass (early bird)", 450m),
        Updated(6),
        Unpublished(7),
        SeatUpdated(Workshop, 8, 30, "Workshop", 175m),
        Published(9),
        SeatUpdated(FullPass, 10, 120, "Full pass", 480m),
    ];

    /// <summary>Replaces this conference's ids in <paramref name="json"/>, so runs on different ids compare.</summary>
    public string Anonymize(string json) =>
        json.Replace(ConferenceId.ToString(), "conference", StringComparison.OrdinalIgnoreCase)
            .Replace(FullPass.ToString(), "full-pass", StringComparison.OrdinalIgnoreCase)
            .Replace(Workshop.ToString(), "workshop", StringComparison.OrdinalIgnoreCase);
}
