using Discounts.Contracts;
using Registration.Pricing;

namespace Registration.Tests.Fakes;

/// <summary>Promotional codes as the read model would show them.</summary>
public sealed class FakePromotionalCodes : IPromotionalCodeSource
{
    private readonly Dictionary<(Guid, string), KnownPromotionalCode> codes = [];

    public FakePromotionalCodes Add(Guid conferenceId, KnownPromotionalCode code)
    {
        codes[(conferenceId, PromotionalCodeIdentity.Normalize(code.Discount.Code))] = code;
        return this;
    }

    public Task<KnownPromotionalCode?> FindAsync(Guid conferenceId, string code, CancellationToken cancellationToken) =>
        Task.FromResult(codes.GetValueOrDefault((conferenceId, PromotionalCodeIdentity.Normalize(code))));
}
