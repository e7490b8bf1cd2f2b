namespace Registration.Pricing;

/// <summary>
/// The seat prices of a conference, read from Registration's read model (fed by the Conference
/// Management events): pricing never calls Conference Management, so Registration stays autonomous.
/// </summary>
public interface ISeatTypePriceSource
{
    Task<IReadOnlyList<SeatTypePrice>> GetSeatTypePricesAsync(Guid conferenceId, CancellationToken cancellationToken);
}
