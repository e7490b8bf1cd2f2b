using Discounts.Contracts;

namespace Registration.ReadModel.Implementation;

/// <summary>A promotional code as Registration prices it, kept from the Discounts events of the code in their order.</summary>
public sealed class PromotionalCodeView
{
    public Guid Id { get; set; }

    public Guid ConferenceId { get; set; }

    /// <summary>In capitals: codes are looked up case-insensitively.</summary>
    public string Code { get; set; } = string.Empty;

    public DiscountKind Kind { get; set; }

    public decimal Amount { get; set; }

    /// <summary>Seat type ids separated by commas; empty for every seat type.</summary>
    public string SeatTypes { get; set; } = string.Empty;

    public int? Quota { get; set; }

    public CombiningRule Combining { get; set; }

    public DateTimeOffset? ValidUntil { get; set; }

    /// <summary>Null when unlimited; as the last event of the code said.</summary>
    public int? UsesLeft { get; set; }

    /// <summary>The version of the code's stream applied: every event, strictly in order.</summary>
    public int Version { get; set; }
}
