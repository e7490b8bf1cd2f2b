using Conference.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Local;

/// <summary>The published demo conference of a fresh local run, with the seat types of the book's examples.</summary>
internal static class DemoConference
{
    public const string Slug = "cqrs-summit";
    public const string OwnerEmail = "owner@contoso.example";

    /// <summary>Creates and publishes it through Conference Management (so its events reach Registration) unless it exists.</summary>
    public static async Task<ConferenceInfo> SeedAsync(IServiceProvider services, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var conferences = scope.ServiceProvider.GetRequiredService<ConferenceService>();
        if (await conferences.FindConferenceAsync(Slug, cancellationToken) is { } existing)
        {
            return existing;
        }

        var start = new DateTimeOffset(clock.GetUtcNow().Date.AddMonths(2), TimeSpan.Zero);
        var conference = await conferences.CreateConferenceAsync(
            new Owner("Contoso Events", OwnerEmail),
            new ConferenceDetails(
                "CQRS Summit",
                "Two days on CQRS, event sourcing and the journey of building a conference registration system.",
                "Redmond, WA",
                "Learn from the people who walked the journey",
                "#cqrssummit",
                Slug,
                start,
                start.AddDays(1)),
            cancellationToken);
        await conferences.CreateSeatAsync(conference.Id, new SeatTypeDetails("General admission", "Access to every talk, both days", 199m, 100), cancellationToken);
        await conferences.CreateSeatAsync(conference.Id, new SeatTypeDetails("CQRS Workshop", "Full-day hands-on workshop", 500m, 100), cancellationToken);
        await conferences.CreateSeatAsync(conference.Id, new SeatTypeDetails("Additional cocktail party", "Evening reception", 50m, 100), cancellationToken);
        return await conferences.PublishAsync(conference.Id, cancellationToken);
    }
}
