using Infrastructure.Messaging;

namespace Discounts.Contracts.Commands;

/// <summary>
/// Creates a promotional code of a conference, or changes the terms of an existing one (the text is its
/// identity). <paramref name="SeatTypes"/> empty means every seat type; <paramref name="Quota"/> null means unlimited.
/// </summary>
public sealed record DefinePromotionalCode(
    Guid ConferenceId,
    string Code,
    DiscountKind Kind,
    decimal Amount,
    IReadOnlyList<Guid> SeatTypes,
    int? Quota,
    CombiningRule Combining,
    DateTimeOffset? ValidUntil) : ICommand
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
