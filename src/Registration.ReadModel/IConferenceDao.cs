namespace Registration.ReadModel;

/// <summary>Queries of the conference read model for the public site.</summary>
public interface IConferenceDao
{
    /// <summary>The conference whose slug is <paramref name="conferenceCode"/>, published or not; null if unknown.</summary>
    Task<ConferenceDetails?> GetConferenceDetailsAsync(string conferenceCode, CancellationToken cancellationToken);

    Task<ConferenceAlias?> GetConferenceAliasAsync(string conferenceCode, CancellationToken cancellationToken);

    /// <summary>The published conferences, soonest first (the public home page).</summary>
    Task<IReadOnlyList<ConferenceDetails>> GetPublishedConferencesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Whether the conference is published now, as the read model last heard. Never cached: it decides
    /// whether a reservation is taken, and an unpublish must stop reservations at once.
    /// </summary>
    Task<bool> IsOpenForRegistrationAsync(Guid conferenceId, CancellationToken cancellationToken);

    /// <summary>The seat types of a published conference (none while it is not published), in the order the business customer created them.</summary>
    Task<IReadOnlyList<SeatType>> GetPublishedSeatTypesAsync(Guid conferenceId, CancellationToken cancellationToken);

    /// <summary>Names of the given seat types (the unknown ones are left out), in the order the business customer created them.</summary>
    Task<IReadOnlyList<SeatTypeName>> GetSeatTypeSummariesAsync(IEnumerable<Guid> seatTypes, CancellationToken cancellationToken);
}
